package org.backupbatch.cli;

import java.util.Map;
import org.springframework.boot.SpringApplication;

/**
 * The context of a job run ({@link Main}'s), as the build processes it ahead of time
 * (spring-boot-maven-plugin's {@code process-aot}): the bean definitions are then generated code
 * that {@link Main} loads at run time, instead of configuration classes parsed and conditions
 * evaluated at each start (issue 12). Not run by users: no database is opened, no bean made.
 */
final class AotContext {

    static final String INITIALIZER = AotContext.class.getName() + "__ApplicationContextInitializer";

    private AotContext() {
    }

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(Main.class);
        app.setDefaultProperties(Map.of("backup-batch.home", "/nonexistent/backup-batch-aot",
                "spring.datasource.url", "jdbc:hsqldb:mem:aot"));
        app.run(args);
    }
}
