package live.recbot.browser;

import java.net.URI;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * Selenium HTTP client settings for chromedriver and Chromium's DevTools endpoint, both plain
 * HTTP on the loopback interface.
 *
 * <p>The JDK's HTTP client otherwise builds the default TLS context when it is created, parsing
 * the whole CA trust store while Chromium starts on the same cores (docs/architecture.md, record
 * 11). These clients never speak TLS, so their context trusts no one and costs nothing.
 */
final class LoopbackHttp {
    private LoopbackHttp() {
    }

    static ClientConfig config(URI base) {
        return ClientConfig.defaultConfig().baseUri(base).sslContext(NoTls.CONTEXT);
    }

    static ClientConfig config(URL base) {
        return ClientConfig.defaultConfig().baseUrl(base).sslContext(NoTls.CONTEXT);
    }

    private static final class NoTls {
        static final SSLContext CONTEXT = create();

        private static SSLContext create() {
            try {
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(null, new TrustManager[] {new TrustNobody()}, null);
                return c;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no TLS implementation in this JDK", e);
            }
        }
    }

    private static final class TrustNobody implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("loopback clients do not use TLS");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("loopback clients do not use TLS");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
