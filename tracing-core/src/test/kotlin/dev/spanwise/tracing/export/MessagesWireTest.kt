package dev.spanwise.tracing.export

import com.google.gson.JsonArray
import com.google.gson.JsonParser
import dev.spanwise.tracing.Tracing
import dev.spanwise.tracing.exporters.Exporters
import dev.spanwise.tracing.exporters.internal.encode.GenAiVocabulary
import dev.spanwise.tracing.exporters.internal.encode.OtlpJsonEncoder
import dev.spanwise.tracing.llm
import dev.spanwise.tracing.model.ChatMessage
import dev.spanwise.tracing.model.ContentMask
import dev.spanwise.tracing.model.SpanData
import dev.spanwise.tracing.testing.OtlpJson
import dev.spanwise.tracing.traced
import kotlinx.coroutines.runBlocking
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** Structured input and output messages and system instructions, in the OpenTelemetry GenAI shape. */
class MessagesWireTest {
    private fun record(captureContent: Boolean, mask: ContentMask? = null): SpanData = runBlocking {
        val memory = Exporters.inMemory()
        val tracing = Tracing {
            exporter = memory
            this.captureContent = captureContent
            contentMask = mask
        }
        tracing.traced("agent") {
            llm("answer", provider = "openai", model = "gpt-4o") {
                systemInstructions("Be brief.")
                inputMessages(
                    listOf(
                        ChatMessage.user("Where is order 42?"),
                        ChatMessage.assistant(null, listOf(ChatMessage.toolCall("call_1", "lookup", """{"order":42}"""))),
                        ChatMessage.tool("call_1", "shipped"),
                    ),
                )
                outputMessages(listOf(ChatMessage.assistant("It shipped.")))
                finishReasons("stop")
            }
        }
        tracing.shutdown()
        memory.spans.single { it.name == "answer" }
    }

    private fun attributes(span: SpanData) = OtlpJson.parseRequest(OtlpJsonEncoder(GenAiVocabulary).encodeRequest(listOf(span)))
        .resourceSpansList.single().scopeSpansList.single().spansList.single().attributesList.associate { it.key to it.value.stringValue }

    @Test
    fun `messages are exported as GenAI input and output messages with typed parts`() {
        val span = record(captureContent = true)
        assertEquals(3, span.llm!!.inputMessages.size)
        val a = attributes(span)
        val input = JsonParser.parseString(a.getValue("gen_ai.input.messages")).asJsonArray.map { it.asJsonObject }
        assertEquals(listOf("user", "assistant", "tool"), input.map { it["role"].asString })
        assertEquals("text", part(input[0]["parts"].asJsonArray)["type"])
        assertEquals("Where is order 42?", part(input[0]["parts"].asJsonArray)["content"])
        assertEquals(mapOf("type" to "tool_call", "id" to "call_1", "name" to "lookup", "arguments" to """{"order":42}"""), part(input[1]["parts"].asJsonArray))
        assertEquals(mapOf("type" to "tool_call_response", "id" to "call_1", "response" to "shipped"), part(input[2]["parts"].asJsonArray))
        val output = JsonParser.parseString(a.getValue("gen_ai.output.messages")).asJsonArray.single().asJsonObject
        assertEquals("assistant", output["role"].asString)
        assertEquals("stop", output["finish_reason"].asString)
        assertEquals("It shipped.", part(output["parts"].asJsonArray)["content"])
        val system = JsonParser.parseString(a.getValue("gen_ai.system_instructions")).asJsonArray.single().asJsonObject
        assertEquals("Be brief.", system["content"].asString)
    }

    @Test
    fun `without content capture no message, argument or instruction is kept`() {
        val span = record(captureContent = false)
        assertTrue(span.llm!!.inputMessages.isEmpty())
        assertTrue(span.llm!!.outputMessages.isEmpty())
        assertNull(span.llm!!.systemInstructions)
        val json = OtlpJsonEncoder(GenAiVocabulary).encodeRequest(listOf(span))
        assertFalse(json.contains("gen_ai.input.messages"))
        assertFalse(json.contains("order 42"))
    }

    @Test
    fun `without content capture a message without text is not kept either`(): Unit = runBlocking {
        val memory = Exporters.inMemory()
        val tracing = Tracing { exporter = memory }
        tracing.traced("agent") {
            llm("plan") { outputMessages(listOf(ChatMessage.assistant(null, listOf(ChatMessage.toolCall("call_0", "search", null))))) }
        }
        tracing.shutdown()
        assertTrue(memory.spans.single { it.name == "plan" }.llm!!.outputMessages.isEmpty())
    }

    @Test
    fun `every text goes through the content mask`() {
        val span = record(captureContent = true, mask = ContentMask { it.replace("42", "##") })
        val json = OtlpJsonEncoder(GenAiVocabulary).encodeRequest(listOf(span))
        val messages = span.llm!!.inputMessages
        assertEquals("Where is order ##?", messages[0].content)
        assertEquals("""{"order":##}""", messages[1].toolCalls.single().arguments)
        assertFalse(json.contains("order 42"), json)
        assertTrue(json.contains("order ##"))
    }

    private fun part(parts: JsonArray): Map<String, String> = parts.single().asJsonObject.entrySet().associate { it.key to it.value.asString }
}
