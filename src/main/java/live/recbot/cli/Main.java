package live.recbot.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The recbot command line: one command per job, each exiting with a meaningful code. */
@Command(name = "recbot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Headless bot that opens a meeting page in Chromium, records it to a file and streams it to RTMP.",
        subcommands = {RunCommand.class, ServeCommand.class, TestPageCommand.class, DoctorCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_INVALID_CONFIG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Logback reads its configuration while picocli builds the command model: both take
        // about 0.1 s of one core at start, and a session's start waits for both.
        Thread logging = new Thread(() -> {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
            org.slf4j.LoggerFactory.getILoggerFactory();
        }, "recbot-logging-init");
        logging.start();
        CommandLine cl = commandLine();
        try {
            logging.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(cl.execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> EXIT_FAILED);
        // Bad flags get one line naming the problem, not a usage dump or a stack trace.
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("recbot: invalid arguments: " + ex.getMessage()
                    + " (see recbot " + ex.getCommandLine().getCommandName() + " --help)");
            return EXIT_INVALID_CONFIG;
        });
        cl.setExecutionExceptionHandler((ex, parsed, parseResult) -> {
            parsed.getErr().println("recbot: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            return EXIT_FAILED;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"recbot " + (v == null ? "dev" : v)};
        }
    }
}
