package org.backupbatch.archive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code .manifest.json} beside an encrypted archive: the manifest inside the archive, as
 * written, with an {@code encryption} object ({@link EncryptionRecord}) added last. It stays
 * readable without the key (sizes, counts and sums of the plaintext and of the ciphertext), and
 * the inside manifest is given back byte for byte by removing that object, so the archive's
 * verification compares the same bytes as for a plain backup. A plain backup's sidecar has no
 * {@code encryption}.
 * <p>
 * Any sidecar may also carry {@code drilled} ({@link DrillRecord}), the last restore drill's
 * outcome, set after the backup was published; it too is taken out to give back the inside
 * manifest.
 */
public final class SidecarManifest {

    private static final String FIELD = "encryption";
    private static final String DRILLED = "drilled";
    /** What only the sidecar has: taken out, the rest is the inside manifest byte for byte. */
    private static final List<String> SIDECAR_ONLY = List.of(FIELD, DRILLED);
    // the same output as Manifest's: a tree written by it gives the same bytes as the record
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SidecarManifest() {
    }

    /** The sidecar of an encrypted archive whose inside manifest is {@code inside}. */
    public static byte[] withEncryption(byte[] inside, EncryptionRecord encryption) throws IOException {
        ObjectNode tree = object(inside);
        if (tree.has(FIELD)) {
            throw new IllegalArgumentException("the manifest already has an encryption object");
        }
        tree.set(FIELD, JSON.valueToTree(encryption));
        return JSON.writeValueAsBytes(tree);
    }

    /** The manifest inside the archive: the sidecar without its {@code encryption} and {@code drilled} objects. */
    public static byte[] inside(byte[] sidecar) throws IOException {
        ObjectNode tree = object(sidecar);
        if (SIDECAR_ONLY.stream().noneMatch(tree::has)) {
            return sidecar;
        }
        tree.remove(SIDECAR_ONLY);
        return JSON.writeValueAsBytes(tree);
    }

    /** The sidecar with {@code drilled} set to the record (replacing an earlier drill's, in its place). */
    public static byte[] withDrilled(byte[] sidecar, DrillRecord drilled) throws IOException {
        ObjectNode tree = object(sidecar);
        tree.set(DRILLED, JSON.valueToTree(drilled));
        return JSON.writeValueAsBytes(tree);
    }

    /** The last drill the sidecar records, or null. */
    public static DrillRecord drilled(byte[] sidecar) throws IOException {
        JsonNode node = object(sidecar).get(DRILLED);
        return node == null || node.isNull() ? null : JSON.treeToValue(node, DrillRecord.class);
    }

    /**
     * Records a drill in the sidecar file {@code manifest}, rewritten atomically and durably (see
     * {@link PrivateFiles#replaceDurably}): a reader ({@code job=list}) sees the old file or the
     * new one, never half of one.
     */
    public static void recordDrill(Path manifest, DrillRecord drilled) throws IOException {
        PrivateFiles.replaceDurably(manifest, withDrilled(Files.readAllBytes(manifest), drilled));
    }

    /** The encryption the sidecar records, or null for a plain backup. */
    public static EncryptionRecord encryption(byte[] sidecar) throws IOException {
        JsonNode node = object(sidecar).get(FIELD);
        return node == null || node.isNull() ? null : JSON.treeToValue(node, EncryptionRecord.class);
    }

    private static ObjectNode object(byte[] json) throws IOException {
        JsonNode tree = JSON.readTree(json);
        if (!(tree instanceof ObjectNode object)) {
            throw new IOException("a manifest is a JSON object");
        }
        return object;
    }
}
