package tui

import "github.com/charmbracelet/lipgloss"

// Styles holds every style the inspector draws with, in one place. The
// token's three colours follow the web debuggers people know: header red,
// payload purple, signature blue.
type Styles struct {
	Title     lipgloss.Style
	Dim       lipgloss.Style
	Header    lipgloss.Style // header segment and header JSON
	Payload   lipgloss.Style // payload segment and payload JSON
	Signature lipgloss.Style // signature segment
	Dot       lipgloss.Style
	Selected  lipgloss.Style // the selected claim
	Label     lipgloss.Style
	Good      lipgloss.Style
	Bad       lipgloss.Style
	Warn      lipgloss.Style
	Tab       lipgloss.Style
	ActiveTab lipgloss.Style
}

// DefaultStyles returns the inspector's styles. Colours drop out by
// themselves under NO_COLOR or a dumb terminal: lipgloss renders for the
// colour profile in effect, and the ASCII profile has none.
func DefaultStyles() Styles {
	red := lipgloss.AdaptiveColor{Light: "#D0021B", Dark: "#FB015B"}
	purple := lipgloss.AdaptiveColor{Light: "#8E24AA", Dark: "#D63AFF"}
	blue := lipgloss.AdaptiveColor{Light: "#0277BD", Dark: "#00B9F1"}
	return Styles{
		Title:     lipgloss.NewStyle().Bold(true),
		Dim:       lipgloss.NewStyle().Faint(true),
		Header:    lipgloss.NewStyle().Foreground(red),
		Payload:   lipgloss.NewStyle().Foreground(purple),
		Signature: lipgloss.NewStyle().Foreground(blue),
		Dot:       lipgloss.NewStyle().Bold(true),
		Selected:  lipgloss.NewStyle().Reverse(true),
		Label:     lipgloss.NewStyle().Bold(true),
		Good:      lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#2E7D32", Dark: "#5FD75F"}).Bold(true),
		Bad:       lipgloss.NewStyle().Foreground(red).Bold(true),
		Warn:      lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#B26A00", Dark: "#FFB000"}),
		Tab:       lipgloss.NewStyle().Padding(0, 1),
		ActiveTab: lipgloss.NewStyle().Padding(0, 1).Reverse(true).Bold(true),
	}
}
