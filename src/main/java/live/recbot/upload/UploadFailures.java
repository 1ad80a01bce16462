package live.recbot.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import live.recbot.core.ErrorCode;
import live.recbot.core.RecbotError;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What a failed storage call means: refused credentials and a missing bucket will not heal by
 * waiting; a server that is down, overloaded or unreachable may. Messages are built from codes and
 * class names only, never from a request, so no signature or key can slip into them.
 */
final class UploadFailures {
    static final String OUTPUT = "upload";
    private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "AllAccessDisabled", "InvalidSecurity");
    private static final Set<String> TRANSIENT = Set.of("SlowDown", "RequestTimeout", "InternalError",
            "ServiceUnavailable");

    private UploadFailures() {
    }

    static RecbotError classify(RuntimeException e, String what) {
        if (e instanceof S3Exception s3) {
            return storage(s3, what);
        }
        if (e instanceof UncheckedIOException io) {
            return local(io.getCause(), what);
        }
        if (e instanceof SdkClientException) {
            return new RecbotError.OutputError(OUTPUT, ErrorCode.UPLOAD_FAILED, what + ": cannot reach the storage ("
                    + causeName(e) + ")", true);
        }
        return new RecbotError.OutputError(OUTPUT, ErrorCode.UPLOAD_FAILED, what + ": " + e.getClass().getSimpleName(),
                false);
    }

    static RecbotError local(IOException e, String what) {
        return new RecbotError.OutputError(OUTPUT, ErrorCode.UPLOAD_FAILED, what + ": cannot read the recording ("
                + e.getClass().getSimpleName() + ")", false);
    }

    static RecbotError noCredentials() {
        return new RecbotError.OutputError(OUTPUT, ErrorCode.UPLOAD_DENIED, "no credentials found: set "
                + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give a profile or a role", false);
    }

    private static RecbotError storage(S3Exception e, String what) {
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null || details.errorCode() == null ? "" : details.errorCode();
        int status = e.statusCode();
        String said = status + (code.isEmpty() ? "" : " " + code);
        if (code.equals("NoSuchBucket")) {
            return new RecbotError.OutputError(OUTPUT, ErrorCode.UPLOAD_BUCKET_MISSING, what
                    + ": the bucket does not exist (" + said + ")", false);
        }
        if (status == 401 || status == 403 || DENIED.contains(code)) {
            return new RecbotError.OutputError(OUTPUT, ErrorCode.UPLOAD_DENIED, what
                    + ": the storage refused the credentials (" + said + "); check AWS_ACCESS_KEY_ID, "
                    + "AWS_SECRET_ACCESS_KEY and the bucket's policy", false);
        }
        boolean transientFailure = status >= 500 || status == 429 || status == 408 || TRANSIENT.contains(code);
        return new RecbotError.OutputError(OUTPUT, ErrorCode.UPLOAD_FAILED, what + ": the storage answered " + said,
                transientFailure);
    }

    /** The innermost cause's class: "ConnectException" says more than the SDK's wrapper. */
    private static String causeName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
