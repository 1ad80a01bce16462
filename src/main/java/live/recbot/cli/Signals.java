package live.recbot.cli;

import sun.misc.Signal;

/** SIGTERM and SIGINT ask for a graceful stop instead of killing the JVM outright. */
final class Signals {
    private Signals() {
    }

    static void onTerminate(Runnable action) {
        Signal.handle(new Signal("TERM"), s -> action.run());
        Signal.handle(new Signal("INT"), s -> action.run());
    }
}
