// Package resources embeds Duplex's own artwork so every binary carries it.
//
// icon.svg is the source; icon.png is rendered from it by icon_gen.go (run
// `go run resources/icon_gen.go`) for packagers and window managers that
// want a bitmap. The package holds bytes only, so non-UI binaries may use it
// without linking a toolkit.
package resources

import _ "embed"

// IconSVG is the application icon, the source of truth.
//
//go:embed icon.svg
var IconSVG []byte

// IconPNG is IconSVG rendered at 256×256.
//
//go:embed icon.png
var IconPNG []byte
