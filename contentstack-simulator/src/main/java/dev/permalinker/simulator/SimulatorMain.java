package dev.permalinker.simulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone: {@code java -cp … dev.permalinker.simulator.SimulatorMain [port] [token] [rate]
 * [apiKey] [assets]} creates {@code assets} image assets in the stack {@code apiKey} and serves until stopped.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        String token = args.length > 1 ? args[1] : "simulated-management-token";
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        String apiKey = args.length > 3 ? args[3] : "bltsimulatedstack01";
        int count = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        ContentstackSimulator simulator = ContentstackSimulator.start(port, token, rate);
        simulator.addStack(apiKey);
        for (int i = 0; i < count; i++) {
            simulator.createAsset(apiKey, String.format("bltasset%011d", i), "asset " + i + ".png", "image/png");
        }
        System.out.println("Contentstack simulator on " + simulator.baseUrl() + " (stack " + apiKey + ", " + rate
                + " req/s, " + count + " assets)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
