package org.backupbatch.restore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetIdentityTest {

    private final TargetIdentity local = new TargetIdentity("ssh.ex.org", 22, "u", "/home/u/stg", "localhost", 3306,
            null, "db", "u", "wp-config.php");

    @Test
    void loopbackNamesAndSocketsAreTheSameServerOnOneSshHost() {
        assertThat(local.sameDatabaseServer("ssh.ex.org", "127.0.0.1")).isTrue();
        assertThat(local.sameDatabaseServer("ssh.ex.org", "/var/run/mysqld/mysqld.sock")).isTrue();
        assertThat(local.sameDatabaseServer("ssh.ex.org", "LOCALHOST")).isTrue();
        assertThat(local.sameDatabaseServer("ssh.ex.org", "db.ex.org")).isFalse();
        assertThat(local.sameDatabaseServer("other.ex.org", "localhost")).as("another host's localhost").isFalse();
    }

    @Test
    void theRecordReadsBackAndTheOriginIsNotCompared() {
        TargetIdentity read = TargetIdentity.fromJson(local.toJson());
        assertThat(read).isEqualTo(local);
        TargetIdentity elsewhere = new TargetIdentity("ssh.ex.org", 22, "u", "/home/u/stg", "localhost", 3306, null,
                "db", "u", "the site file");
        assertThat(read.samePlaceAs(elsewhere)).isTrue();
        assertThat(read.samePlaceAs(new TargetIdentity("ssh.ex.org", 22, "u", "/home/u/stg", "localhost", 3306, null,
                "prod", "u", "x"))).isFalse();
        assertThat(read.database()).isEqualTo("u@localhost:3306/db");
    }
}
