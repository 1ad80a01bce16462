package live.recbot.bench;

/**
 * The figures of one run of one variant. A figure that could not be measured is null, never a
 * guess: the quick mode fails on any null it should have produced.
 *
 * @param captureCpuPerMinute CPU seconds per minute of the capture-and-encode process (recbot's JVM, or ffmpeg)
 * @param stackCpuPerMinute   the same plus the browser, X server and sound server of the run
 * @param machineCpuPerMinute every process on the machine (the ingest and the benchmark included)
 * @param firstFrameSeconds   from the command to the first video frame recorded by the ingest (cold browser)
 * @param stopSeconds         from SIGTERM to the exit of the capture process
 * @param decodeErrors        lines ffmpeg reports while decoding the whole recording
 * @param pictureLatencyMs    median time from the page drawing a picture to its capture ({@link PictureLatency});
 *                            recbot runs only, which log the wall-clock time of the recording's start
 * @param avNetMedianMs       A/V median with each flash's own picture latency added back
 *                            ({@link PictureLatency#netOfPictureLatency}): recbot's part of the offset
 * @param avNetSlopeMsPer10Min the slope of those offsets: recbot's own drift
 * @param avSettling          where the offsets settle ({@link Settling}), null without marker pairs
 * @param requestCpuPerMinute CPU seconds per minute of the threads that answer API requests (the
 *                            gate, the JDK server's dispatcher, the request pool); watched runs only
 */
record RunResult(String variant, int repetition, double measuredSeconds, Double captureCpuPerMinute,
                 Double stackCpuPerMinute, Double machineCpuPerMinute, Double peakRssMb, Double firstFrameSeconds,
                 Double stopSeconds, Integer exitCode, Integer decodeErrors, Double recordedSeconds, Integer frames,
                 Integer uniqueFrames, Double uniqueFps, Double uniqueRatio, Integer syncPairs, Double avMedianMs,
                 Double avP10Ms, Double avP90Ms, Double avDriftMs, Double avSlopeMsPer10Min, Double pictureLatencyMs,
                 Double avNetMedianMs, Double avNetSlopeMsPer10Min, Settling avSettling, String problem,
                 Double requestCpuPerMinute) {
    /** A run whose API nobody watched. */
    RunResult(String variant, int repetition, double measuredSeconds, Double captureCpuPerMinute,
              Double stackCpuPerMinute, Double machineCpuPerMinute, Double peakRssMb, Double firstFrameSeconds,
              Double stopSeconds, Integer exitCode, Integer decodeErrors, Double recordedSeconds, Integer frames,
              Integer uniqueFrames, Double uniqueFps, Double uniqueRatio, Integer syncPairs, Double avMedianMs,
              Double avP10Ms, Double avP90Ms, Double avDriftMs, Double avSlopeMsPer10Min, Double pictureLatencyMs,
              Double avNetMedianMs, Double avNetSlopeMsPer10Min, Settling avSettling, String problem) {
        this(variant, repetition, measuredSeconds, captureCpuPerMinute, stackCpuPerMinute, machineCpuPerMinute,
                peakRssMb, firstFrameSeconds, stopSeconds, exitCode, decodeErrors, recordedSeconds, frames,
                uniqueFrames, uniqueFps, uniqueRatio, syncPairs, avMedianMs, avP10Ms, avP90Ms, avDriftMs,
                avSlopeMsPer10Min, pictureLatencyMs, avNetMedianMs, avNetSlopeMsPer10Min, avSettling, problem, null);
    }

    RunResult withRequestCpu(Double perMinute) {
        return new RunResult(variant, repetition, measuredSeconds, captureCpuPerMinute, stackCpuPerMinute,
                machineCpuPerMinute, peakRssMb, firstFrameSeconds, stopSeconds, exitCode, decodeErrors,
                recordedSeconds, frames, uniqueFrames, uniqueFps, uniqueRatio, syncPairs, avMedianMs, avP10Ms,
                avP90Ms, avDriftMs, avSlopeMsPer10Min, pictureLatencyMs, avNetMedianMs, avNetSlopeMsPer10Min,
                avSettling, problem, perMinute);
    }
}
