package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.backupbatch.remote.TarMessages.Kind;
import org.backupbatch.ssh.CommandResult;
import org.junit.jupiter.api.Test;

/**
 * Lines as GNU tar 1.34 prints them in the C locale with the files stream's options (the live
 * ones are also produced by the real tar in {@code FilesStreamerLiveTest} and {@code LiveSiteIT}).
 */
class TarMessagesTest {

    private static CommandResult stderr(List<String> lines, boolean truncated) {
        return new CommandResult(0, Map.of(), lines, truncated);
    }

    @Test
    void eachLiveChangeHasItsKindWhateverTheNameHolds() {
        assertThat(TarMessages.kind("tar: ./a: file changed as we read it")).isEqualTo(Kind.CHANGED);
        assertThat(TarMessages.kind("tar: ./a: File removed before we read it")).isEqualTo(Kind.CHANGED);
        assertThat(TarMessages.kind("tar: ./big.bin: File shrank by 1 byte; padding with zeros")).isEqualTo(Kind.SHRANK);
        assertThat(TarMessages.kind("tar: ./b: File shrank by 33030144 bytes; padding with zeros"))
                .isEqualTo(Kind.SHRANK);
        assertThat(TarMessages.kind("tar: ./x: y: Warning: Cannot stat: No such file or directory"))
                .isEqualTo(Kind.VANISHED);
        assertThat(TarMessages.kind("tar: ./gone: Warning: Cannot open: No such file or directory"))
                .isEqualTo(Kind.VANISHED);
        assertThat(TarMessages.kind("tar: ./locked.txt: Warning: Cannot open: Permission denied"))
                .isEqualTo(Kind.UNREADABLE);
        assertThat(TarMessages.kind("tar: ./closed: Warning: Cannot savedir: Permission denied"))
                .isEqualTo(Kind.UNREADABLE);
        assertThat(TarMessages.kind("tar: ./disk: Warning: Read error at byte 0, while reading 512 bytes: "
                + "Input/output error")).isEqualTo(Kind.UNREADABLE);
    }

    @Test
    void tarsOwnErrorsAndOtherProgramsLinesAreOther() {
        assertThat(TarMessages.kind("tar: ./a: Cannot stat: No such file or directory")).isEqualTo(Kind.OTHER);
        assertThat(TarMessages.kind("tar: Exiting with failure status due to previous errors")).isEqualTo(Kind.OTHER);
        assertThat(TarMessages.kind("tar: -: Cannot write: Broken pipe")).isEqualTo(Kind.OTHER);
        assertThat(TarMessages.kind("sh: 1: tar: not found")).isEqualTo(Kind.OTHER);
        assertThat(TarMessages.kind("./a: file changed as we read it")).isEqualTo(Kind.OTHER);
    }

    @Test
    void exitOneWithAChangedFileGivesOneWarningPerLine() throws IOException {
        List<String> lines = List.of("tar: ./a: file changed as we read it",
                "tar: ./b: Warning: Cannot stat: No such file or directory");
        assertThat(TarMessages.warnings(1, stderr(lines, false), "host")).containsExactlyElementsOf(lines);
    }

    @Test
    void exitZeroWithVanishedFilesIsWarningsAndNoLineIsNoWarning() throws IOException {
        List<String> lines = List.of("tar: ./b: Warning: Cannot stat: No such file or directory");
        assertThat(TarMessages.warnings(0, stderr(lines, false), "host")).containsExactlyElementsOf(lines);
        assertThat(TarMessages.warnings(0, stderr(List.of(), false), "host")).isEmpty();
    }

    @Test
    void exitOneThatSaysNoFileChangedFails() {
        CommandResult usage = stderr(List.of("tar: unrecognized option '--ignore-failed-read'"), false);
        assertThatThrownBy(() -> TarMessages.warnings(1, usage, "host")).isInstanceOf(IOException.class)
                .hasMessageContaining("status 1").hasMessageContaining("unrecognized option");
    }

    @Test
    void exitOneWithTruncatedStderrIsTrustedAndSaysSo() throws IOException {
        CommandResult flood = stderr(List.of("tar: ./b: Warning: Cannot stat: No such file or directory"), true);
        assertThat(TarMessages.warnings(1, flood, "host")).last().isEqualTo("tar: more warnings were printed than kept");
    }

    @Test
    void exitTwoFailsNamingTheRealErrorNotTheVanishedFilesBeforeIt() {
        CommandResult failed = stderr(List.of("tar: ./a: Warning: Cannot stat: No such file or directory",
                "tar: -: Cannot write: No space left on device", "tar: Error is not recoverable: exiting now",
                "tar: ./b: Warning: Cannot stat: No such file or directory",
                "tar: ./c: Warning: Cannot stat: No such file or directory",
                "tar: ./d: Warning: Cannot stat: No such file or directory",
                "tar: ./e: Warning: Cannot stat: No such file or directory"), false);
        assertThatThrownBy(() -> TarMessages.warnings(2, failed, "host")).isInstanceOf(IOException.class)
                .hasMessageContaining("status 2").hasMessageContaining("Cannot write: No space left on device")
                .hasMessageNotContaining("./e");
    }

    @Test
    void tarNotFoundFails() {
        assertThatThrownBy(() -> TarMessages.warnings(127, stderr(List.of("sh: 1: tar: not found"), false), "host"))
                .isInstanceOf(IOException.class).hasMessageContaining("tar: not found");
    }
}
