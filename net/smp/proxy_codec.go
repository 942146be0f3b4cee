package smp

import (
	"errors"

	"duplex/crypto/box"
	"duplex/crypto/enc"
	"duplex/crypto/keys"
)

// ProxiedPaddedLen is the padded length of the client↔destination layer of
// a proxied command and its response (the reference's paddedProxiedTLength);
// the ciphertext is 16 bytes longer.
const ProxiedPaddedLen = 16226

// ErrProxyCrypto: a proxied layer did not decrypt (wrong key, tampering).
var ErrProxyCrypto = errors.New("smp: proxied layer does not decrypt")

// FwdTransmission is what a proxy forwards to the destination relay inside
// RFWD, once the proxy↔relay box is opened:
//
//	sb(clientCorrId) ‖ w16 version ‖ sb(cmdKey X25519 DER) ‖ tail(encTransmission)
//
// CorrID is the PFWD corrId, which is also the nonce of Enc (and the inner
// transmission's corrId); Version is the one the client chose from PKEY.
type FwdTransmission struct {
	CorrID  []byte
	Version Version
	CmdKey  keys.X25519Public
	Enc     []byte
}

// Encode returns the wire form.
func (f FwdTransmission) Encode() ([]byte, error) {
	w := enc.NewWriter(make([]byte, 0, len(f.Enc)+80))
	w.ShortBytes(f.CorrID)
	w.W16(uint16(f.Version))
	writeKey(w, f.CmdKey)
	w.Tail(f.Enc)
	return w.Bytes()
}

// ParseFwdTransmission parses the decrypted RFWD payload.
func ParseFwdTransmission(b []byte) (FwdTransmission, error) {
	r := enc.NewReader(b)
	f := FwdTransmission{CorrID: clone(r.ShortBytes()), Version: Version(r.W16())}
	f.CmdKey = readX25519(r)
	f.Enc = clone(r.Tail())
	if err := r.Done(); err != nil {
		return FwdTransmission{}, errors.Join(ErrBadTransmission, err)
	}
	if len(f.CorrID) != 24 {
		return FwdTransmission{}, errors.Join(ErrBadTransmission, errors.New("forwarded corrId is not a 24-byte nonce"))
	}
	return f, nil
}

// FwdResponse is the destination's answer inside RRES, once opened:
// sb(clientCorrId) ‖ tail(encResponse).
type FwdResponse struct {
	CorrID []byte
	Enc    []byte
}

// Encode returns the wire form.
func (f FwdResponse) Encode() ([]byte, error) {
	w := enc.NewWriter(make([]byte, 0, len(f.Enc)+32))
	w.ShortBytes(f.CorrID)
	w.Tail(f.Enc)
	return w.Bytes()
}

// ParseFwdResponse parses the decrypted RRES payload.
func ParseFwdResponse(b []byte) (FwdResponse, error) {
	r := enc.NewReader(b)
	f := FwdResponse{CorrID: clone(r.ShortBytes()), Enc: clone(r.Tail())}
	if err := r.Done(); err != nil {
		return FwdResponse{}, errors.Join(ErrBadTransmission, err)
	}
	return f, nil
}

// SealForward boxes a FwdTransmission for RFWD with the proxy↔relay
// session secret; nonce is the RFWD corrId. No padding on this hop.
func SealForward(secret box.DHSecret, nonce box.Nonce, f FwdTransmission) ([]byte, error) {
	b, err := f.Encode()
	if err != nil {
		return nil, err
	}
	return box.CbEncryptNoPad(secret, nonce, b), nil
}

// OpenForward is the destination side of SealForward.
func OpenForward(secret box.DHSecret, nonce box.Nonce, sealed []byte) (FwdTransmission, error) {
	b, err := box.CbDecryptNoPad(secret, nonce, sealed)
	if err != nil {
		return FwdTransmission{}, errors.Join(ErrProxyCrypto, err)
	}
	return ParseFwdTransmission(b)
}

// SealForwardResponse boxes the destination's answer for RRES. The nonce is
// the byte-reversed RFWD nonce (the spec says corrId+1; the code reverses).
func SealForwardResponse(secret box.DHSecret, requestNonce box.Nonce, f FwdResponse) ([]byte, error) {
	b, err := f.Encode()
	if err != nil {
		return nil, err
	}
	return box.CbEncryptNoPad(secret, requestNonce.Reverse(), b), nil
}

// OpenForwardResponse is the proxy side of SealForwardResponse.
func OpenForwardResponse(secret box.DHSecret, requestNonce box.Nonce, sealed []byte) (FwdResponse, error) {
	b, err := box.CbDecryptNoPad(secret, requestNonce.Reverse(), sealed)
	if err != nil {
		return FwdResponse{}, errors.Join(ErrProxyCrypto, err)
	}
	return ParseFwdResponse(b)
}

// SealProxied boxes one transmission for the client↔destination layer: a
// batch of one (0x01 ‖ lb(t)) padded to ProxiedPaddedLen. Clients use the
// PFWD nonce; the destination answers with its reverse (SealProxiedResponse).
func SealProxied(secret box.DHSecret, nonce box.Nonce, t []byte) ([]byte, error) {
	block, err := EncodeBatch([][]byte{t})
	if err != nil {
		return nil, err
	}
	return box.CbEncrypt(secret, nonce, block, ProxiedPaddedLen)
}

// OpenProxied opens a SealProxied box and returns its only transmission; a
// batch of any other size is ErrBlock, as upstream allows single
// forwarded transmissions only.
func OpenProxied(secret box.DHSecret, nonce box.Nonce, sealed []byte) ([]byte, error) {
	block, err := box.CbDecrypt(secret, nonce, sealed)
	if err != nil {
		return nil, errors.Join(ErrProxyCrypto, err)
	}
	ts, err := ParseBatch(block)
	if err != nil || len(ts) != 1 {
		return nil, ErrBlock
	}
	return ts[0], nil
}

// SealProxiedResponse is SealProxied with the byte-reversed request nonce.
func SealProxiedResponse(secret box.DHSecret, requestNonce box.Nonce, t []byte) ([]byte, error) {
	return SealProxied(secret, requestNonce.Reverse(), t)
}

// OpenProxiedResponse is OpenProxied with the byte-reversed request nonce.
func OpenProxiedResponse(secret box.DHSecret, requestNonce box.Nonce, sealed []byte) ([]byte, error) {
	return OpenProxied(secret, requestNonce.Reverse(), sealed)
}
