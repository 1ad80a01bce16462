package live.recbot.doctor;

/** One thing recbot needs from its host, checked in well under a second. */
public interface Check {
    /** The row's name in the doctor's table. */
    String name();

    /** Looks at the host; a check reports what it could not look at as a failure, never throws. */
    CheckResult run();
}
