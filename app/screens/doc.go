// Package screens holds the desktop's pages and panes. Screens draw and
// expose OnX callbacks; they never call the core and never decide what
// happens next — app/controller does (the supersonic ui/ split).
package screens
