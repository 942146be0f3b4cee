// Package sntrup761 is Streamlined NTRU Prime sntrup761 (round-3
// parameters p = 761, q = 4591, w = 286), the post-quantum KEM that
// SimpleX uses in its PQ double ratchet (ratchet version 3) and in XRCP.
// No Go module on the proxy offers it, so it is written here from the NTRU
// Prime round-3 specification, following the conventions of the
// public-domain SUPERCOP/OpenSSH code that simplexmq vendors as
// cbits/sntrup761.c. It is byte-compatible with that code: the tests
// reproduce its outputs for 100 NIST-DRBG seeds.
//
// # Scheme
//
// Rings: Rq = (Z/q)[x]/(x^p - x - 1), R3 = (Z/3)[x]/(x^p - x - 1). "Small"
// polynomials have coefficients in {-1, 0, 1}; "short" ones are small with
// exactly w nonzero coefficients.
//
//	KeyGen:  g small, invertible in R3 (redrawn until it is); f short;
//	         h = g / (3f) in Rq.  pk = Encode(h).
//	Encap:   r short; c = Round(h·r) (each coefficient to the nearest
//	         multiple of 3); ct = Encode(c) ‖ Hash2(Hash3(r) ‖ Hash4(pk));
//	         key = Hash1(Hash3(r) ‖ ct).
//	Decap:   e = (3f·c mod q) mod 3 = g·r mod 3, r' = e / g in R3 (replaced by
//	         a fixed weight-w vector if its weight is not w); re-encrypt r';
//	         if the result equals ct byte for byte, key = Hash1(Hash3(r') ‖ ct),
//	         else key = Hash0(Hash3(rho) ‖ ct) (implicit rejection).
//
// HashN(x) is the first 32 bytes of SHA-512(N ‖ x), N one byte; Hash3 and
// Hash4 are taken over the byte encodings (Small for r, the public key for
// Hash4).
//
// # Byte layouts
//
//	public key  1158  Encode of h+2295 with every modulus q
//	ciphertext  1039  Encode of (c+2295)/3 with every modulus 1531 (1007)
//	                  ‖ confirmation hash (32)
//	private key 1763  Small(f) 191 ‖ Small(1/g in R3) 191 ‖ public key 1158
//	                  ‖ rho 191 (random, used only for rejection)
//	                  ‖ Hash4(pk) 32 (cached so Decapsulate skips it)
//	shared key    32
//
// Small packs four coefficients per byte as c+1 in two bits, low bits first;
// byte 190 holds the last coefficient. Encode is the specification's
// mixed-radix code, described in encode.go; decoding reduces every value
// below its modulus, so any byte string decodes, exactly as in the reference
// (Decapsulate relies on the final byte comparison, not on decoding
// failures, to reject garbage; a crafted private key may even decode to a
// coefficient 2, which the arithmetic simply carries along).
//
// # Randomness
//
// Randomness is passed in as an io.Reader. GenerateKey reads 4·761 bytes
// for g (again if g is not invertible mod 3), 4·761 for f, then 191 for rho;
// Encapsulate reads 4·761 for r. Each polynomial's randomness is one Read of
// little-endian 32-bit words, the convention of supercop-20210604 and
// PQClean. For a byte stream such as crypto/rand the way reads are split is
// irrelevant; it matters only for the NIST CTR_DRBG of the KAT generator,
// which updates its state after each call. simplexmq's cbits instead reads
// every 32-bit word with its own 4-byte call; the tests reproduce that too,
// through an adapter that splits reads (kat_test.go, wordwise).
//
// # Known answers
//
// Three SHA-256 digests pin the implementation (kat_test.go). Each was also
// reproduced independently by compiling simplexmq's cbits/sntrup761.c with a
// C NIST DRBG during development:
//   - afc42c3a…f89a, PQClean's META.yml nistkat-sha256: the output of
//     PQClean's test/crypto_kem/nistkat.c, which prints vector 0 only, with
//     no "# sntrup761" header and no trailing blank line;
//   - 147c26b6…77aa, the full 100-vector PQCgenKAT_kem response file
//     ("# sntrup761", blank line, then count/seed/pk/sk/ct/ss blocks each
//     followed by a blank line; upper-case hex);
//   - 88d9f5a1…e93d, the same file with word-by-word reads (simplexmq).
//
// # Constant time
//
// No branch or memory index depends on secret data: coefficient
// reductions are Barrett-style multiply/shift with masked corrections; the
// short-polynomial sampler sorts with a bitonic network of branch-free
// compare-exchanges; inversion in R3 (bitsliced, 64 coefficients per word)
// and in Rq uses Bernstein–Yang divsteps with a fixed iteration count and
// masked swaps; the ciphertext comparison and the choice between r and rho
// use crypto/subtle; the session-hash prefix byte is computed, not branched
// on. Loops bound by public quantities (p, the iteration counter, the
// moduli of Encode) are fine. The only data-dependent loop is key
// generation redrawing a non-invertible g, as in the reference; it reveals
// nothing about the key that is kept.
//
// # Speed
//
// Multiplication is Karatsuba (four levels over 768 coefficients, 48×48
// schoolbook leaves, exact int32 arithmetic, one reduction at the end, which
// equals the reference's reduce-every-step result). Inversion in Rq dominates
// key generation; the divstep loop touches only the coefficients that can
// still matter at each iteration.
package sntrup761
