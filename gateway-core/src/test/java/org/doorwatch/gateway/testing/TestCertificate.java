package org.doorwatch.gateway.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed certificate for 127.0.0.1 made by openssl, and a client context that trusts only it. */
public final class TestCertificate {

    public final Path cert;
    public final Path key;

    private TestCertificate(Path cert, Path key) {
        this.cert = cert;
        this.key = key;
    }

    /** Writes {@code gateway.crt} and {@code gateway.key} into {@code dir}. */
    public static TestCertificate make(Path dir) throws Exception {
        Path crt = dir.resolve("gateway.crt");
        Path key = dir.resolve("gateway.key");
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", crt.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl failed: " + Files.readString(log));
        }
        return new TestCertificate(crt, key);
    }

    /**
     * Turns the {@code http: { port: 0 }} line of a test config into HTTPS with this certificate
     * (the certificate's files may lie anywhere: the config names them by absolute path).
     */
    public void serveHttpsIn(Path configFile) throws Exception {
        String y = Files.readString(configFile);
        String plain = "http: { port: 0 }";
        if (!y.contains(plain)) {
            throw new AssertionError(configFile + " has no line '" + plain + "' to turn into HTTPS");
        }
        Files.writeString(configFile, y.replace(plain, "http: { port: 0, tls: { certFile: \"" + cert.toAbsolutePath()
                + "\", keyFile: \"" + key.toAbsolutePath() + "\" } }"));
    }

    public SSLContext trustingIt() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
