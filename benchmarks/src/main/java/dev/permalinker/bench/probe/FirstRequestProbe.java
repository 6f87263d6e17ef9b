package dev.permalinker.bench.probe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs in its own JVM with only a function's shaded jar and this class: builds the handler as Lambda does (no-arg
 * constructor), optionally runs its SnapStart priming and restore hook, then answers each event file in order and
 * prints the times. The proxy for "first request after a restore": init and priming happen before the clock starts.
 * Prints {@code PHASE <name>} markers so a run under {@code -Xlog:class+load} can count classes per phase.
 *
 * <p>Arguments: handler class, events directory, {@code prime} or {@code no-prime}.
 */
public final class FirstRequestProbe {
    private FirstRequestProbe() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Class<?> handlerClass = Class.forName(args[0]);
        Object handler = handlerClass.getConstructor().newInstance();
        long initNanos = System.nanoTime() - started;
        System.out.println("PHASE init-done");
        long primeNanos = 0;
        if (args[2].equals("prime")) {
            long primeStarted = System.nanoTime();
            Object priming = handlerClass.getMethod("priming").invoke(handler);
            priming.getClass().getMethod("prime").invoke(priming);
            priming.getClass().getMethod("afterRestore", Class.forName("org.crac.Context"))
                    .invoke(priming, (Object) null);
            primeNanos = System.nanoTime() - primeStarted;
        }
        System.out.println("PHASE primed");
        var handle = handlerClass.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class);
        List<Path> events;
        try (Stream<Path> files = Files.list(Path.of(args[1]))) {
            events = files.sorted().toList();
        }
        List<Double> millis = new ArrayList<>();
        String firstAnswer = "";
        for (Path event : events) {
            byte[] bytes = Files.readAllBytes(event);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long requestStarted = System.nanoTime();
            handle.invoke(handler, new ByteArrayInputStream(bytes), out, new ProbeContext(event.getFileName()
                    .toString()));
            millis.add((System.nanoTime() - requestStarted) / 1e6);
            if (millis.size() == 1) {
                firstAnswer = out.toString().replace('\n', ' ');
                System.out.println("PHASE first-done");
            }
        }
        System.out.println("RESULT init=" + initNanos / 1e6 + " prime=" + primeNanos / 1e6 + " requests=" + millis
                + " firstAnswer=" + firstAnswer);
        System.out.flush();
        System.exit(0);
    }

    /** What the handlers read from the context: request id and remaining time. */
    private record ProbeContext(String requestId) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 60_000;
        }

        @Override
        public String getLogGroupName() {
            return "probe";
        }

        @Override
        public String getLogStreamName() {
            return "probe";
        }

        @Override
        public String getFunctionName() {
            return "probe";
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:000000000000:function:probe";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
