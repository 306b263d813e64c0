//! TLS with rustls (ring), with libpq's `sslmode` meanings:
//!
//! | sslmode | TLS | server certificate checked |
//! |---|---|---|
//! | disable | never | — |
//! | allow, prefer | if the server offers it | only when a root certificate file exists |
//! | require | always | only when a root certificate file exists |
//! | verify-ca | always | chain against the root certificates |
//! | verify-full | always | chain, and the host name (or IP address) it was reached by |
//!
//! "A root certificate file exists" is libpq's rule: `sslrootcert`, or
//! `~/.postgresql/root.crt` when present. Unlike libpq, a root certificate,
//! client certificate or key file named explicitly must exist: a typo there
//! would otherwise silently turn verification (or the client certificate) off.

use super::params::{FileChoice, RootCert, Ssl, SslMode, TlsVersion};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, CertificateRevocationListDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::Arc;

/// Where the system's trusted roots live on the common Unix systems, for
/// `sslrootcert=system` (`SSL_CERT_FILE` first, as OpenSSL does).
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// What a session's TLS will check, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checks {
    Nothing,
    /// The chain, against the roots described.
    Chain(String),
    ChainAndName(String),
}

/// The rustls configuration for `ssl`, or `None` under `sslmode=disable`.
pub fn client_config(ssl: &Ssl) -> Result<Option<(ClientConfig, Checks)>, String> {
    if ssl.mode == SslMode::Disable {
        return Ok(None);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = match &ssl.rootcert {
        Some(RootCert::File(path)) => Some((load_roots(path)?, path.display().to_string())),
        Some(RootCert::Default(path)) if path.exists() => {
            Some((load_roots(path)?, path.display().to_string()))
        }
        Some(RootCert::System) => Some(system_roots()?),
        _ => None,
    };
    let verifier: Arc<dyn ServerCertVerifier> = match (ssl.mode, roots) {
        (SslMode::VerifyCa | SslMode::VerifyFull, None) => {
            let looked = match &ssl.rootcert {
                Some(RootCert::Default(path)) => format!("{} does not exist", path.display()),
                _ => "no home directory to find ~/.postgresql/root.crt in".to_string(),
            };
            return Err(format!(
                "the server's certificate must be checked against a root certificate, but {looked}: \
                 name the CA's certificate with sslrootcert=FILE (or sslrootcert=system for the system's trusted roots)"
            ));
        }
        (mode, Some((roots, source))) => {
            let crls = match &ssl.crl {
                Some(path) => load_crls(path)?,
                None => Vec::new(),
            };
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .with_crls(crls)
                .build()
                .map_err(|e| format!("cannot use the root certificates of {source}: {e}"))?;
            if mode == SslMode::VerifyFull {
                return finish(ssl, provider, webpki, Checks::ChainAndName(source));
            }
            return finish(ssl, provider, Arc::new(ChainOnly(webpki)), Checks::Chain(source));
        }
        (_, None) => Arc::new(AnyCertificate(provider.clone())),
    };
    finish(ssl, provider, verifier, Checks::Nothing)
}

fn finish(
    ssl: &Ssl,
    provider: Arc<CryptoProvider>,
    verifier: Arc<dyn ServerCertVerifier>,
    checks: Checks,
) -> Result<Option<(ClientConfig, Checks)>, String> {
    let versions: Vec<&'static rustls::SupportedProtocolVersion> =
        [(TlsVersion::V1_2, &rustls::version::TLS12), (TlsVersion::V1_3, &rustls::version::TLS13)]
            .into_iter()
            .filter(|(v, _)| (ssl.min_version..=ssl.max_version).contains(v))
            .map(|(_, version)| version)
            .collect();
    let builder = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&versions)
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let mut config = match client_certificate(ssl)? {
        Some((chain, key, cert_path)) => builder
            .with_client_auth_cert(chain, key)
            .map_err(|e| format!("cannot use the client certificate {}: {e}", cert_path))?,
        None => builder.with_no_client_auth(),
    };
    config.enable_sni = ssl.sni;
    // PostgreSQL 17 requires this ALPN name for direct TLS; older servers ignore it.
    config.alpn_protocols = vec![b"postgresql".to_vec()];
    Ok(Some((config, checks)))
}

fn load_roots(path: &Path) -> Result<RootCertStore, String> {
    let mut store = RootCertStore::empty();
    for cert in read_certificates(path, "root certificate")? {
        store.add(cert).map_err(|e| {
            format!("root certificate file {} holds a certificate rustls rejects: {e}", path.display())
        })?;
    }
    Ok(store)
}

fn system_roots() -> Result<(RootCertStore, String), String> {
    let from_env = std::env::var_os("SSL_CERT_FILE").map(std::path::PathBuf::from);
    let candidates = from_env.into_iter().chain(SYSTEM_BUNDLES.iter().map(std::path::PathBuf::from));
    for path in candidates {
        if let Ok(certs) = CertificateDer::pem_file_iter(&path) {
            let mut store = RootCertStore::empty();
            store.add_parsable_certificates(certs.flatten());
            if !store.is_empty() {
                return Ok((store, format!("the system's trusted roots ({})", path.display())));
            }
        }
    }
    Err(format!(
        "sslrootcert=system, but no certificate bundle was found (looked at SSL_CERT_FILE and {}): \
         install the ca-certificates package, or name a file with sslrootcert=FILE",
        SYSTEM_BUNDLES.join(", ")
    ))
}

fn read_certificates(path: &Path, what: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let unreadable =
        |e: &dyn std::fmt::Display| format!("cannot read the {what} file {}: {e}", path.display());
    std::fs::metadata(path).map_err(|e| unreadable(&e))?;
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| unreadable(&e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(&e))?;
    if certs.is_empty() {
        return Err(format!("the {what} file {} holds no PEM certificate", path.display()));
    }
    Ok(certs)
}

fn load_crls(path: &Path) -> Result<Vec<CertificateRevocationListDer<'static>>, String> {
    let unreadable =
        |e: &dyn std::fmt::Display| format!("cannot read the sslcrl file {}: {e}", path.display());
    let crls = CertificateRevocationListDer::pem_file_iter(path)
        .map_err(|e| unreadable(&e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(&e))?;
    if crls.is_empty() {
        return Err(format!("the sslcrl file {} holds no PEM certificate revocation list", path.display()));
    }
    Ok(crls)
}

type ClientCertificate = (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>, String);

/// The client certificate and its key: the named ones, or libpq's defaults
/// when the default certificate exists.
fn client_certificate(ssl: &Ssl) -> Result<Option<ClientCertificate>, String> {
    let Some(cert) = ssl.cert.as_ref().filter(|c| c.explicit || c.path.exists()) else {
        return Ok(None);
    };
    let chain = read_certificates(&cert.path, "client certificate (sslcert)")?;
    let Some(FileChoice { path: key_path, .. }) = &ssl.key else {
        return Err(format!(
            "client certificate {} has no key: name it with sslkey=FILE",
            cert.path.display()
        ));
    };
    let meta = std::fs::metadata(key_path).map_err(|e| {
        format!(
            "client certificate {} present, but its key file {} cannot be read: {e}",
            cert.path.display(),
            key_path.display()
        )
    })?;
    // libpq's rule: a key of the user's own must be private to the user; one
    // owned by root may be readable by its group (managed by the system).
    let mode = meta.mode();
    // SAFETY: geteuid has no preconditions and cannot fail.
    let euid = unsafe { libc::geteuid() };
    if (meta.uid() == euid && mode & 0o077 != 0) || (meta.uid() == 0 && mode & 0o037 != 0) {
        return Err(format!(
            "private key file {} has group or world access; it must be u=rw (0600) or less if owned by you, u=rw,g=r (0640) or less if owned by root",
            key_path.display()
        ));
    }
    let text = std::fs::read_to_string(key_path)
        .map_err(|e| format!("cannot read the key file {}: {e}", key_path.display()))?;
    if text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(format!(
            "private key file {} is encrypted, and pgconform cannot decrypt keys (sslpassword): \
             write a decrypted copy readable only by you (openssl pkey -in KEY -out KEY.plain) and name it with sslkey",
            key_path.display()
        ));
    }
    let key = PrivateKeyDer::from_pem_slice(text.as_bytes())
        .map_err(|e| format!("key file {} holds no usable PEM private key: {e}", key_path.display()))?;
    Ok(Some((chain, key, cert.path.display().to_string())))
}

/// `verify-ca` (and `require` with a root certificate): the chain must lead
/// to a trusted root, the name in the certificate is not compared.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // webpki checks the chain before the name, so a name mismatch means
        // the chain itself was found good.
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `allow`, `prefer` and `require` without a root certificate: encryption
/// without authentication, as libpq does. The handshake signatures are still
/// checked, so the peer must hold the key of the certificate it shows.
#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Says in plain words why a TLS handshake failed, from the rustls error
/// somewhere in `error`'s causes; `None` when there is none.
pub fn explain(error: &(dyn std::error::Error + 'static), host: &str, checks: &Checks) -> Option<String> {
    let tls = find_rustls_error(error)?;
    let roots = match checks {
        Checks::Chain(roots) | Checks::ChainAndName(roots) => roots.as_str(),
        Checks::Nothing => "the trusted roots",
    };
    Some(match tls {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => format!(
            "the server's certificate is not signed by a certificate authority in {roots} (unknown CA)"
        ),
        rustls::Error::InvalidCertificate(CertificateError::NotValidForNameContext { presented, .. }) => {
            format!(
                "the server's certificate does not match host name \"{host}\": it is for {}; \
             connect by a name it holds, or use sslmode=verify-ca to check the chain only",
                if presented.is_empty() {
                    "no name at all".to_string()
                } else {
                    presented.iter().map(|name| plain_name(name)).collect::<Vec<_>>().join(", ")
                }
            )
        }
        rustls::Error::InvalidCertificate(CertificateError::NotValidForName) => {
            format!("the server's certificate does not match host name \"{host}\"")
        }
        rustls::Error::InvalidCertificate(other) => {
            format!("the server's certificate is not acceptable: {other}")
        }
        rustls::Error::AlertReceived(alert) => {
            format!(
                "the server ended the TLS handshake ({alert:?}); it may want a client certificate (sslcert, sslkey) or another TLS version"
            )
        }
        other => format!("TLS handshake failed: {other}"),
    })
}

/// `localhost` from webpki's `DnsName("localhost")`, `10.0.0.1` from
/// `IpAddress(10.0.0.1)`: the names as a person writes them.
fn plain_name(presented: &str) -> &str {
    for (head, tail) in [("DnsName(\"", "\")"), ("IpAddress(", ")")] {
        if let Some(inner) = presented.strip_prefix(head).and_then(|rest| rest.strip_suffix(tail)) {
            return inner;
        }
    }
    presented
}

fn find_rustls_error<'e>(error: &'e (dyn std::error::Error + 'static)) -> Option<&'e rustls::Error> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = next {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        // io::Error hides the error it wraps from `source()`.
        if let Some(inner) = e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref())
            && let Some(tls) = inner.downcast_ref::<rustls::Error>()
        {
            return Some(tls);
        }
        next = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connect::params;

    fn ssl(text: &str, home: &Path) -> Ssl {
        let home = home.display().to_string();
        params::resolve(text, &move |k| (k == "HOME").then(|| home.clone())).unwrap().ssl
    }

    #[test]
    fn verify_modes_need_a_root_certificate_and_named_files_must_exist() {
        let home = tempfile::tempdir().unwrap();
        assert!(client_config(&ssl("host=h sslmode=disable", home.path())).unwrap().is_none());
        let (_, checks) = client_config(&ssl("host=h", home.path())).unwrap().unwrap();
        assert_eq!(checks, Checks::Nothing);
        let err = client_config(&ssl("host=h sslmode=verify-full", home.path())).unwrap_err();
        assert!(err.contains("root.crt does not exist") && err.contains("sslrootcert=FILE"), "{err}");
        let err = client_config(&ssl("host=h sslmode=require sslrootcert=/nonexistent.pem", home.path()))
            .unwrap_err();
        assert!(err.contains("/nonexistent.pem"), "{err}");
        let err = client_config(&ssl("host=h sslcert=/nonexistent.crt", home.path())).unwrap_err();
        assert!(err.contains("/nonexistent.crt"), "{err}");
        std::fs::create_dir(home.path().join(".postgresql")).unwrap();
        std::fs::write(home.path().join(".postgresql/root.crt"), "not a certificate").unwrap();
        let err = client_config(&ssl("host=h sslmode=require", home.path())).unwrap_err();
        assert!(err.contains("holds no PEM certificate"), "a default root.crt is used when present: {err}");
    }

    #[test]
    fn system_roots_come_from_the_system_bundle() {
        let home = tempfile::tempdir().unwrap();
        let outcome = client_config(&ssl("host=h sslrootcert=system", home.path()));
        if SYSTEM_BUNDLES.iter().any(|b| Path::new(b).exists()) {
            let (_, checks) = outcome.unwrap().unwrap();
            assert!(
                matches!(&checks, Checks::ChainAndName(s) if s.contains("system's trusted roots")),
                "{checks:?}"
            );
        } else {
            assert!(outcome.unwrap_err().contains("no certificate bundle was found"));
        }
    }

    #[test]
    fn names_read_as_written() {
        assert_eq!(plain_name("DnsName(\"db.example.com\")"), "db.example.com");
        assert_eq!(plain_name("IpAddress(10.0.0.1)"), "10.0.0.1");
        assert_eq!(plain_name("DirectoryName"), "DirectoryName");
    }
}
