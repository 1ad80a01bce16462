package live.recbot.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT ask for a graceful stop instead of killing the JVM outright; SIGUSR1 pauses
 * the recording and SIGUSR2 resumes it.
 */
final class Signals {
    private Signals() {
    }

    static void onTerminate(Runnable action) {
        Signal.handle(new Signal("TERM"), s -> action.run());
        Signal.handle(new Signal("INT"), s -> action.run());
    }

    static void onPauseAndResume(Runnable pause, Runnable resume) {
        Signal.handle(new Signal("USR1"), s -> pause.run());
        Signal.handle(new Signal("USR2"), s -> resume.run());
    }
}
