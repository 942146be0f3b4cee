// Package certs builds, parses and verifies the small X.509 certificate chains
// that SimpleX transports use: Ed25519 or Ed448 keys only, chains of 2–4
// certificates ordered leaf first, trust established by pinning the SHA-256
// fingerprint of chain[1] (the offline "identity" certificate) instead of a CA
// store.
//
// Why not crypto/x509: it cannot parse or verify Ed448, and SimpleX relays
// were created with Ed448 certificates by default until 2024. We only need a
// narrow subset, so this package writes and reads DER itself with
// golang.org/x/crypto/cryptobyte (bounds-checked; parsers never panic).
//
// Certificate layout we emit (RFC 5280, RFC 8410):
//
//	Certificate  ::= SEQUENCE { tbs TBSCertificate, sigAlg AlgorithmIdentifier, sig BIT STRING }
//	TBSCertificate ::= SEQUENCE {
//	    [0] EXPLICIT INTEGER 2            -- v3
//	    serialNumber INTEGER              -- 1 for a CA, 16 random bytes (positive) for a leaf
//	    signature    AlgorithmIdentifier  -- SEQUENCE { OID 1.3.101.112 (Ed25519) | 1.3.101.113 (Ed448) }
//	    issuer       Name                 -- SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String CN } } }
//	    validity     SEQUENCE { UTCTime|GeneralizedTime notBefore, notAfter }
//	    subject      Name
//	    subjectPublicKeyInfo SEQUENCE { AlgorithmIdentifier, BIT STRING raw key (32 or 57 bytes) }
//	    [3] EXPLICIT Extensions           -- CA: basicConstraints CA:TRUE (critical), keyUsage certSign|cRLSign
//	}                                     -- leaf: keyUsage digitalSignature, extKeyUsage serverAuth+clientAuth
//
// Verification (VerifyChain) checks, in this order: chain length 2..4, every
// certificate parses with an Ed25519/Ed448 key (RSA/ECDSA are rejected),
// fingerprint of chain[1] equals the pin, each certificate's issuer equals the
// next certificate's subject and its signature verifies with the next key, the
// last certificate is self-signed, every certificate is within its validity at
// the given time, and issuers that carry basicConstraints say CA:TRUE. Issuers
// without any extension are accepted because the XRCP reference CA is a v3
// certificate with no extensions.
//
// Fingerprint = SHA-256 of the certificate DER; in addresses it is written as
// base64url WITH '=' padding (FingerprintString).
package certs
