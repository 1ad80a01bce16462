package live.recbot.upload;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Puts one local file as one object by a multipart upload, whatever its size: its first request
 * carries no body, so refused credentials or a missing bucket come back as the server's answer
 * rather than as a connection the server dropped mid-body, and each part is retried on its own,
 * so an outage costs a part, not the whole file. The object counts as stored once the server's own
 * size for it matches the file's.
 */
final class FileUpload {
    private static final Logger log = LoggerFactory.getLogger(FileUpload.class);
    /** S3 allows 10,000 parts; staying under that keeps any recording of up to 24 hours in reach. */
    private static final int MAX_PARTS = 9_000;

    private final S3Client s3;
    private final Retrying retrying;
    private final int minPartSize;

    FileUpload(S3Client s3, Retrying retrying, int minPartSize) {
        this.s3 = s3;
        this.retrying = retrying;
        this.minPartSize = minPartSize;
    }

    void put(Path file, long size, String bucket, String key, String contentType, Map<String, String> metadata) {
        String what = "upload " + key;
        long partSize = Math.max(minPartSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        multipart(file, size, (int) Math.min(partSize, size), bucket, key, contentType, metadata, what);
        long stored = retrying.run("check " + key, () -> s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        if (stored != size) {
            throw new UploadException(new RecbotError.OutputError(UploadFailures.OUTPUT, ErrorCode.UPLOAD_FAILED,
                    what + ": the storage holds " + stored + " bytes of " + size, true));
        }
    }

    private void multipart(Path file, long size, int partSize, String bucket, String key, String contentType,
                           Map<String, String> metadata, String what) {
        String id = retrying.run(what, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .contentType(contentType).metadata(metadata)).uploadId());
        boolean completed = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[partSize];
            long offset = 0;
            for (int n = 1; offset < size; n++) {
                int length = (int) Math.min(partSize, size - offset);
                readFully(channel, ByteBuffer.wrap(buffer, 0, length), offset);
                int number = n;
                String etag = retrying.run(what + " (part " + n + ")", () -> s3.uploadPart(b -> b.bucket(bucket)
                        .key(key).uploadId(id).partNumber(number).contentLength((long) length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                "application/octet-stream")).eTag());
                parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
                offset += length;
            }
            retrying.run(what, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)
                    .multipartUpload(m -> m.parts(parts))));
            completed = true;
            log.debug("{} stored in {} parts", key, parts.size());
        } catch (IOException e) {
            throw new UploadException(UploadFailures.local(e, what));
        } finally {
            if (!completed) {
                abort(bucket, key, id);
            }
        }
    }

    /** Frees the parts already stored; a failure here only leaves them for the bucket's lifecycle rules. */
    private void abort(String bucket, String key, String id) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
        } catch (RuntimeException e) {
            log.warn("upload: the parts of {} were not removed: {}", key, e.getClass().getSimpleName());
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new EOFException("the recording is shorter than when it was measured");
            }
            at += n;
        }
    }
}
