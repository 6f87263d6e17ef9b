package dev.permalinker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.permalinker.infra.PermalinkerApp;
import dev.permalinker.testsupport.TestOnlyClasses;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shaded jars the CDK app deploys carry their handler and no test double (the simulator, test-support). */
class LambdaJarContentsIT {
    @ParameterizedTest
    @CsvSource({
        "ingest-function, dev/permalinker/ingest/IngestHandler.class",
        "worker-function, dev/permalinker/worker/WorkerHandler.class",
        "reconciler-function, dev/permalinker/reconcile/function/ReconcilerHandler.class",
        "actions-function, dev/permalinker/actions/ActionsHandler.class"})
    void functionJar_carriesItsHandlerAndNoTestOnlyClass(String module, String handler) throws Exception {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        Path jar = PermalinkerApp.functionJar(root, module);

        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getEntry(handler)).as("%s in %s", handler, jar).isNotNull();
        }
        assertThat(TestOnlyClasses.in(jar)).as("test-only classes in %s", jar).isEmpty();
    }
}
