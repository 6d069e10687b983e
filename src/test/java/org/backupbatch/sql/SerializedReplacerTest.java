package org.backupbatch.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SerializedReplacerTest {

    private static final String OLD = "https://blog.example.test";
    private static final String NEW = "https://staging.example.test";

    private final SerializedReplacer replacer = new SerializedReplacer(Replacements.NONE.with(bytes(OLD), bytes(NEW)));

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
    void recountsTheBytesOfAStringHoldingJsonEscapedUrls() {
        // given: a page builder's JSON, slashes escaped, with multi-byte text, in an option array
        String json = "{\"url\":\"https:\\/\\/blog.example.test\\/café\",\"t\":\"☕\"}";
        String value = "a:2:{s:4:\"data\";s:" + bytes(json).length() + ":\"" + json + "\";s:4:\"home\";s:25:\"" + OLD
                + "\";}";
        Replacements.Tally tally = new Replacements.Tally();

        // when
        String replaced = replace(replacer, value, tally);

        // then
        String newJson = "{\"url\":\"https:\\/\\/staging.example.test\\/café\",\"t\":\"☕\"}";
        assertThat(bytes(json).length()).isEqualTo(54);
        assertThat(replaced).isEqualTo("a:2:{s:4:\"data\";s:57:\"" + newJson + "\";s:4:\"home\";s:28:\"" + NEW + "\";}");
        assertThat(tally.byKey()).isEqualTo(Map.of("plain", 1L, "json", 1L));
    }

    @Test
    void countsEachReplacementOnceWhereverItIsAndNoneInAValueLeftAlone() {
        // given
        String inner = "a:1:{i:0;s:25:\"" + OLD + "\";}";
        String nested = "a:2:{i:0;s:" + inner.length() + ":\"" + inner + "\";i:1;s:25:\"" + OLD + "\";}";
        String cutShort = "a:2:{i:0;s:25:\"" + OLD + "\";";
        int depth = SerializedReplacer.MAX_DEPTH + 5;
        String tooDeep = "a:1:{i:0;".repeat(depth) + "s:25:\"" + OLD + "\";" + "}".repeat(depth);
        Replacements.Tally tally = new Replacements.Tally();

        // when
        for (String value : new String[] {nested, cutShort, tooDeep}) {
            replace(replacer, value, tally);
        }

        // then
        assertThat(tally.byKey()).isEqualTo(Map.of("plain", 3L, "json", 0L));
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
        String replaced = replacer.replace(value, new Replacements.Tally());

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

        // when
        PhpCheck check = phpCheck(build, replacer, "['" + OLD + "' => '" + NEW + "']");

        // then
        assertThat(check.verdict()).isEqualTo("true");
        assertThat(check.replaced()).contains(NEW).doesNotContain("\";s:25:\"" + OLD);
    }

    @Test
    void phpUnserializesTheResultWithBothUrlsOfAWordPressInItsFolderReplacedInBothForms() throws Exception {
        // given: siteurl …/wp and home, plain and through json_encode (which writes / as \/), at
        // every depth; strtr() replaces as we do (longest first, never re-scanning)
        String build = """
                $h = 'https://blog.example.test'; $w = $h . '/wp';
                $v = ['siteurl' => $w, 'home' => $h, 'kit' => json_encode(['bg' => "$w/wp-content/☕.jpg", 'link' => "$h/shop"], JSON_UNESCAPED_UNICODE),
                    'widgets' => ['text' => "<a href=\\"$h/wp-login.php\\">é</a> $w $h", 'obj' => (object) ['json' => json_encode([$w, $h])]],
                    'double' => serialize(['data' => json_encode(['u' => "$w/x"]), 'u' => "$h/y"])];
                """;
        String map = "['" + OLD + "' => '" + NEW + "', '" + OLD + "/wp' => '" + NEW + "/core', "
                + "'https:\\/\\/blog.example.test' => 'https:\\/\\/staging.example.test', "
                + "'https:\\/\\/blog.example.test\\/wp' => 'https:\\/\\/staging.example.test\\/core']";
        SerializedReplacer both = new SerializedReplacer(Replacements.NONE.with(bytes(OLD), bytes(NEW))
                .with(bytes(OLD + "/wp"), bytes(NEW + "/core")));

        // when
        PhpCheck check = phpCheck(build, both, map);

        // then
        assertThat(check.verdict()).isEqualTo("true");
        assertThat(check.replaced()).contains("https:\\/\\/staging.example.test\\/core\\/wp-content\\/☕.jpg",
                "https:\\/\\/staging.example.test\\/shop", NEW + "/core").doesNotContain("blog.example.test");
    }

    /** Our replacement of PHP's {@code serialize($v)}, and PHP's word on it. */
    private record PhpCheck(String replaced, String verdict) {
    }

    /**
     * Has PHP build {@code $v} and serialize it, replaces in that, then asks PHP whether the result
     * unserializes to {@code $v} with {@code strtr($map)} applied to every string, serialized ones included.
     */
    private static PhpCheck phpCheck(String build, SerializedReplacer replacer, String map) throws Exception {
        String original = php(build + "echo base64_encode(serialize($v));", "");
        String replaced = replace(replacer, new String(Base64.getDecoder().decode(original), StandardCharsets.UTF_8),
                new Replacements.Tally());
        String verdict = php(build + "$map = " + map + ";" + """
                function r($d) {
                    global $map;
                    if (is_string($d) && ($s = @unserialize($d)) !== false) { return serialize(r($s)); }
                    if (is_string($d)) { return strtr($d, $map); }
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
        return new PhpCheck(replaced, verdict);
    }

    /** Replaces in a text given as chars, the way the rewriter sees it: its UTF-8 bytes. */
    private String replace(String value) {
        return replace(replacer, value, new Replacements.Tally());
    }

    private static String replace(SerializedReplacer replacer, String value, Replacements.Tally tally) {
        String replaced = replacer.replace(bytes(value), tally);
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
