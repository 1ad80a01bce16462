package live.recbot.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import live.recbot.config.ConfigException;
import live.recbot.config.UploadSettings;
import live.recbot.config.UploadUrl;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Follows a session's HLS folder on a thread of its own and uploads each file as soon as it is
 * complete, so a lost machine loses at most the segment being written: the init segment, then
 * each segment, then the playlist once all it names is stored (see {@link HlsReady}). Keys are
 * {@code <prefix><folder>/<file>}. At the end one last pass, within the upload's time limit,
 * stores what is left and the closed playlist. The first failure that outlasts its retries ends
 * the following; it is logged and becomes the run's upload failure.
 */
public final class HlsUpload {
    private static final Logger log = LoggerFactory.getLogger(HlsUpload.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Room past the time limit for a call already under way to give up on its own. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final HlsUpload NONE = new HlsUpload(null, null, null);

    private final UploadSettings settings;
    private final Path folder;
    private final Supplier<ObjectStore> stores;
    private final CountDownLatch finishing = new CountDownLatch(1);
    private final Set<String> stored = new HashSet<>();
    private String playlistStored = "";
    private volatile boolean abandoned;
    private volatile long finishDeadline;
    private volatile RecbotError failure;
    private Thread thread;

    HlsUpload(UploadSettings settings, Path folder, Supplier<ObjectStore> stores) {
        this.settings = settings;
        this.folder = folder;
        this.stores = stores;
    }

    /**
     * Starts following the folder of {@code playlist} when both an upload and HLS are asked for;
     * else a follower that does nothing. If {@code ended} completes exceptionally first, the
     * follower stops without a last pass.
     */
    public static HlsUpload start(Optional<UploadSettings> settings, Optional<Path> playlist,
                                  CompletableFuture<?> ended) {
        if (settings.isEmpty() || playlist.isEmpty()) {
            return NONE;
        }
        HlsUpload upload = new HlsUpload(settings.get(), playlist.get().getParent(),
                () -> ObjectStore.fromEnvironment(System.getenv()));
        upload.begin();
        ended.whenComplete((r, e) -> {
            if (e != null) {
                upload.abandon();
            }
        });
        return upload;
    }

    void begin() {
        log.info("HLS: each segment is uploaded to {} once complete", folderUrl());
        thread = new Thread(this::follow, "recbot-upload-hls");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Called once the HLS output has finished: uploads what is left and the final playlist, and
     * answers with the run's upload outcome, the recording's unless that went well and this did not.
     */
    public Optional<UploadOutcome> finish(Optional<UploadOutcome> recording) {
        Optional<RecbotError> error = finish();
        if (error.isEmpty() || recording.orElse(null) instanceof UploadOutcome.Failed) {
            return recording;
        }
        return Optional.of(new UploadOutcome.Failed(folderUrl(), error.get()));
    }

    /** The last pass, waited for within the upload's time limit; the failure, if any. */
    Optional<RecbotError> finish() {
        if (thread == null) {
            return Optional.empty();
        }
        finishDeadline = System.nanoTime() + settings.timeout().toNanos();
        finishing.countDown();
        try {
            thread.join(settings.timeout().plus(GRACE).toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(GRACE.toMillis());
                fail(new RecbotError.OutputError(UploadFailures.OUTPUT, ErrorCode.UPLOAD_FAILED,
                        "upload " + settings.target().key(folder.getFileName() + "/")
                                + ": not finished within the upload's time limit", true));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
        }
        return Optional.ofNullable(failure);
    }

    private void abandon() {
        abandoned = true;
        finishing.countDown();
        thread.interrupt();
    }

    private void follow() {
        try (ObjectStore store = stores.get()) {
            try {
                store.checkCredentials();
            } catch (SdkClientException e) {
                throw new UploadException(UploadFailures.noCredentials());
            }
            while (!finishing.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                pass(store, false);
            }
            if (!abandoned) {
                pass(store, true);
                log.info("HLS: {} files{} uploaded to {}", stored.size(),
                        playlistStored.isEmpty() ? "" : " and the playlist", folderUrl());
            }
        } catch (UploadException e) {
            fail(e.error());
        } catch (ConfigException | SdkException e) {
            fail(new RecbotError.OutputError(UploadFailures.OUTPUT, ErrorCode.UPLOAD_FAILED,
                    "cannot set up the storage client: " + (e instanceof ConfigException c ? c.getMessage()
                            : e.getClass().getSimpleName()), false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void fail(RecbotError error) {
        if (failure == null) {
            failure = error;
            log.warn("HLS upload stopped: {}: {}; the rendition stays in {}", error.code(), error.message(), folder);
        }
    }

    /** Uploads every file ready now, then the playlist if all it names is stored and it changed. */
    private void pass(ObjectStore store, boolean finished) {
        for (String name : HlsReady.files(listing(), stored, finished)) {
            put(store, name, read(name), "video/mp4");
            stored.add(name);
        }
        byte[] playlist = read(HlsReady.PLAYLIST);
        String text = new String(playlist, StandardCharsets.UTF_8);
        if (!text.equals(playlistStored) && HlsReady.playlistReady(text, stored)) {
            put(store, HlsReady.PLAYLIST, playlist, "application/vnd.apple.mpegurl");
            playlistStored = text;
        }
    }

    private void put(ObjectStore store, String name, byte[] data, String type) {
        UploadUrl target = settings.target();
        String key = target.key(folder.getFileName() + "/" + name);
        new Retrying(budget(), (error, attempt, wait) -> { }).run("upload " + key, () -> store.s3().putObject(
                b -> b.bucket(target.bucket()).key(key).contentType(type), RequestBody.fromBytes(data)));
        log.debug("HLS: {} stored", key);
    }

    /** A file's retries have the upload's whole limit while following; the last pass shares what is left of it. */
    private Duration budget() {
        return finishing.getCount() > 0 ? settings.timeout()
                : Duration.ofNanos(Math.max(0, finishDeadline - System.nanoTime()));
    }

    private List<String> listing() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UploadException(UploadFailures.local(e, "list " + folder.getFileName()));
        }
    }

    /** A file's bytes; a playlist not written yet reads as empty. */
    private byte[] read(String name) {
        try {
            return Files.readAllBytes(folder.resolve(name));
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UploadException(UploadFailures.local(e, "upload " + name));
        }
    }

    private String folderUrl() {
        return settings.target().url(folder.getFileName() + "/");
    }
}
