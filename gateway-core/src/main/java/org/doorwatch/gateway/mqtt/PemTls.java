package org.doorwatch.gateway.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.doorwatch.gateway.config.GatewayConfig;

/**
 * TLS for an external broker from the PEM files Mosquitto and EMQX installers already have: a
 * CA file (trust), and optionally a client certificate and its PKCS#8 key (mutual TLS). No
 * keystore conversion step for the installer.
 */
final class PemTls {

    private PemTls() {}

    /** @throws IOException naming the file and what is wrong with it */
    static SSLSocketFactory socketFactory(GatewayConfig.TlsFiles files) throws IOException {
        try {
            TrustManagerFactory tmf = null;
            if (files.caFile() != null) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(files.caFile())) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (files.certFile() != null || files.keyFile() != null) {
                if (files.certFile() == null || files.keyFile() == null) {
                    throw new IOException("mqtt.tls: certFile and keyFile go together (client certificate and its key)");
                }
                List<Certificate> chain = certificates(files.certFile());
                PrivateKey key = privateKey(files.keyFile());
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                char[] none = new char[0];
                ks.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, none);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("mqtt.tls: " + e.getMessage(), e);
        }
    }

    /**
     * The embedded broker's TLS listener takes a keystore file, not PEM: {@code files}' certificate
     * chain and key written as a PKCS#12 store at {@code target} (owner-only), with {@code password}.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    static Path writeKeystore(GatewayConfig.TlsFiles files, Path target, char[] password) throws IOException {
        try {
            List<Certificate> chain = certificates(files.certFile());
            PrivateKey key = privateKey(files.keyFile());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("mqtts", key, password, chain.toArray(new Certificate[0]));
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".listener", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the folder's own protection applies
                }
                try (var out = Files.newOutputStream(tmp)) {
                    ks.store(out, password);
                }
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (GeneralSecurityException e) {
            throw new IOException("mqtt.embedded.tls: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = read(file);
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
        if (certs.isEmpty()) {
            throw new IOException(file + ": no PEM certificate found");
        }
        return new ArrayList<>(certs);
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = new String(read(file), StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IOException(file + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert it with "
                    + "`openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out client.pk8.pem`");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(file + ": no PEM private key (BEGIN PRIVATE KEY) found");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // the PKCS#8 wrapper names the algorithm, but KeyFactory needs it up front
            }
        }
        throw new IOException(file + ": the private key is neither RSA, EC nor Ed25519");
    }

    private static byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
