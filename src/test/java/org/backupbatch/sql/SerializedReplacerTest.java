package org.backupbatch.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SerializedReplacerTest {

    private static final String OLD = "https://blog.example.test";
    private static final String NEW = "https://staging.example.test";

    private final SerializedReplacer replacer = new SerializedReplacer(bytes(OLD), bytes(NEW));

    @Test
    void recountsTheBytesOfStringsWithMultiByteCharsInNestedArrays() {
        // given
        String value = "a:2:{s:4:\"home\";s:25:\"" + OLD + "\";s:6:\"nested\";a:1:{i:0;s:35:\"café ☕ " + OLD
                + "\";}}";

        // when
        String replaced = replace(value);

        // then
        assertThat(replaced).isEqualTo("a:2:{s:4:\"home\";s:28:\"" + NEW + "\";s:6:\"nested\";a:1:{i:0;s:38:\"café ☕ "
                + NEW + "\";}}");
    }

    @Test
    void readsStringsByTheirLengthSoQuotesSemicolonsAndBracesInsideDoNotEndThem() {
        // given
        String value = "a:2:{i:0;s:32:\"x\";} { " + OLD + "\";i:1;s:3:\"{;}\";}";

        // when
        String replaced = replace(value);

        // then
        assertThat(replaced).isEqualTo("a:2:{i:0;s:35:\"x\";} { " + NEW + "\";i:1;s:3:\"{;}\";}");
    }

    @Test
    void replacesInObjectPropertiesButNotInKeysPropertyNamesOrClassNames() {
        // given
        String value = "a:2:{s:25:\"" + OLD + "\";i:1;i:7;O:8:\"stdClass\":2:{s:3:\"url\";s:25:\"" + OLD
                + "\";s:8:\"\0*\0other\";N;}}";

        // when
        String replaced = replace(value);

        // then
        assertThat(replaced).isEqualTo("a:2:{s:25:\"" + OLD + "\";i:1;i:7;O:8:\"stdClass\":2:{s:3:\"url\";s:28:\""
                + NEW + "\";s:8:\"\0*\0other\";N;}}");
    }

    @Test
    void fixesASerializedValueInsideASerializedString() {
        // given: WordPress serializes an already serialized string again
        String inner = "a:1:{i:0;s:25:\"" + OLD + "\";}";
        String value = "s:" + inner.length() + ":\"" + inner + "\";";

        // when
        String replaced = replace(value);

        // then
        String newInner = "a:1:{i:0;s:28:\"" + NEW + "\";}";
        assertThat(replaced).isEqualTo("s:" + newInner.length() + ":\"" + newInner + "\";");
    }

    @Test
    void keepsScalarsReferencesAndSurroundingSpaces() {
        // given
        String value = "\n a:6:{i:0;b:1;i:1;i:-5;i:2;d:-1.5E-7;i:3;N;i:4;s:25:\"" + OLD + "\";i:5;R:2;} ";

        // when
        String replaced = replace(value);

        // then
        assertThat(replaced).isEqualTo("\n a:6:{i:0;b:1;i:1;i:-5;i:2;d:-1.5E-7;i:3;N;i:4;s:28:\"" + NEW
                + "\";i:5;R:2;} ");
    }

    @Test
    void leavesThePayloadOfCustomSerializedObjectsAlone() {
        // given: C: payloads are the class's own format; their length cannot be fixed blindly
        String payload = "x:i:0;a:1:{i:0;s:25:\"" + OLD + "\";};m:a:0:{}";
        String value = "a:1:{i:0;C:11:\"ArrayObject\":" + payload.length() + ":{" + payload + "}}";

        // when
        String replaced = replace(value);

        // then
        assertThat(replaced).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
        "a length that is wrong    | s:99:\"https://blog.example.test\";",
        "a value that is cut short | a:2:{i:0;s:25:\"https://blog.example.test\";",
        "trailing text             | i:1;https://blog.example.test",
        "plain text                | Visit https://blog.example.test/about, or https://blog.example.test.",
    })
    void replacesAsPlainTextWhatDoesNotParseAsSerialized(String why, String value) {
        // when
        String replaced = replace(value);

        // then
        assertThat(replaced).as(why).isEqualTo(value.replace(OLD, NEW));
    }

    @Test
    void leavesAValueNestedTooDeepUntouched() {
        // given
        int depth = SerializedReplacer.MAX_DEPTH + 5;
        String value = "a:1:{i:0;".repeat(depth) + "s:25:\"" + OLD + "\";" + "}".repeat(depth);

        // when
        String replaced = replace(value);

        // then
        assertThat(replaced).isEqualTo(value);
    }

    @Test
    void returnsTheSameValueWhenItHoldsNoOccurrence() {
        // given
        String value = bytes("a:1:{i:0;s:5:\"café\";}");

        // when
        String replaced = replacer.replace(value);

        // then
        assertThat(replaced).isSameAs(value);
    }

    @Test
    void phpUnserializesTheResultToTheValueWithTheUrlReplaced() throws Exception {
        // given: PHP serializes a value with every kind of member, then says whether our output
        // unserializes to what replacing in the PHP value itself gives
        String build = """
                class P { private $a = 'https://blog.example.test/p'; protected $b = ['☕' => 'https://blog.example.test'];
                    public $c = 1.25; }
                $u = 'https://blog.example.test';
                $v = ['home' => $u, 'café ☕' => [$u . '/x', "quote \\" '; {} $u", 1.5, true, null, -3,
                    ['deep' => ['deeper' => "☕{$u}☕"]]], 'obj' => (object) ['link' => $u, 'n' => 2],
                    'private' => new P(), 'double' => serialize([$u, 'x' => "é$u"]), "key $u" => 'k'];
                """;
        String original = php(build + "echo base64_encode(serialize($v));", "");
        String replaced = replace(new String(Base64.getDecoder().decode(original), StandardCharsets.UTF_8));

        // when
        String verdict = php(build + """
                function r($d) {
                    if (is_string($d) && ($s = @unserialize($d)) !== false) { return serialize(r($s)); }
                    if (is_string($d)) { return str_replace('https://blog.example.test', 'https://staging.example.test', $d); }
                    if (is_array($d)) { foreach ($d as $k => $x) { $d[$k] = r($x); } return $d; }
                    if (is_object($d)) {
                        $a = (array) $d; foreach ($a as $k => $x) { $a[$k] = r($x); }
                        return unserialize(preg_replace('/^O:8:"stdClass"/', 'O:' . strlen(get_class($d)) . ':"'
                            . get_class($d) . '"', serialize((object) $a)));
                    }
                    return $d;
                }
                $got = unserialize(stream_get_contents(STDIN));
                var_export($got !== false && serialize($got) === serialize(r($v)));
                """, replaced);

        // then
        assertThat(verdict).isEqualTo("true");
        assertThat(replaced).contains(NEW).doesNotContain("\";s:25:\"" + OLD);
    }

    /** Replaces in a text given as chars, the way the rewriter sees it: its UTF-8 bytes. */
    private String replace(String value) {
        String replaced = replacer.replace(bytes(value));
        return new String(replaced.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String php(String code, String stdin) throws Exception {
        Cli.Outcome outcome = Cli.run(stdin.getBytes(StandardCharsets.UTF_8), "php", "-r", code);
        assertThat(outcome.status()).as("php: %s", outcome.stderr()).isZero();
        return outcome.text();
    }
}
