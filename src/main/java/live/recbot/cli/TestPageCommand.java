package live.recbot.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import live.recbot.testpage.TestPageServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "test-page", mixinStandardHelpOptions = true,
        description = "Serve the bundled test meeting page on 127.0.0.1 until stopped.")
final class TestPageCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8090", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            System.err.println("recbot: invalid arguments: --port: must be between 0 and 65535");
            return Main.EXIT_INVALID_CONFIG;
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (TestPageServer server = TestPageServer.start(port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.println("test meeting page: " + server.url() + " (add ?endAfter=20 to end the meeting after 20 s)");
            System.out.flush();
            stop.await();
        } catch (java.net.BindException e) {
            System.err.println("recbot: --port: port " + port + " is already in use");
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }
}
