package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
)

// keyMap lists every binding; it implements help.KeyMap so the help bar
// always matches what the keys do.
type keyMap struct {
	Up, Down       key.Binding // select a header parameter or claim
	Full           key.Binding // show the selected member's whole value
	PageUp, PageDn key.Binding // scroll the body a page
	Top, Bottom    key.Binding
	NextPanel      key.Binding
	PrevPanel      key.Binding
	Segment        key.Binding // byte view: next segment
	EnterKey       key.Binding
	Edit           key.Binding // tamper: edit the selected member, keep the signature
	Resign         key.Binding // sign the edited token again with the loaded key
	Open           key.Binding // open a nested token (cty JWT)
	Copy           key.Binding // copy the token to the clipboard (OSC 52)
	Back           key.Binding // back to the token a nested one was opened from
	Paste          key.Binding
	Login          key.Binding // live mode: back to the login form
	Switch         key.Binding // live mode: inspect the access or the refresh token
	Refresh        key.Binding // live mode
	Blacklist      key.Binding
	Verify         key.Binding
	Me             key.Binding
	Help           key.Binding
	Quit           key.Binding
	live           bool // live-mode bindings shown only in live mode
}

var _ help.KeyMap = keyMap{}

// The short help texts are terse on purpose: the whole bar, `q quit`
// last, fits on one line at 80 columns in both modes
// (TestHelpBarFitsIn80Columns); helpView takes two rows at 60.
func newKeyMap(live bool) keyMap {
	return keyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "prev field")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "field")),
		Full:      key.NewBinding(key.WithKeys("f", "enter"), key.WithHelp("f", "full")),
		PageUp:    key.NewBinding(key.WithKeys("pgup", "u"), key.WithHelp("pgup/u", "page up")),
		PageDn:    key.NewBinding(key.WithKeys("pgdown", "d", " "), key.WithHelp("pgdn/d", "page down")),
		Top:       key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "top")),
		Bottom:    key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "bottom")),
		NextPanel: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "panel")),
		PrevPanel: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev panel")),
		Segment:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "byte segment")),
		Edit:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "edit")),
		Resign:    key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "re-sign")),
		Open:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open nested")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back out")),
		Copy:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy token")),
		EnterKey:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "key")),
		Paste:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "paste")),
		Login:     key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "log in again")),
		Switch:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "access/refresh")),
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Blacklist: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "blacklist")),
		Verify:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "verify")),
		Me:        key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "/api/me/")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more")),
		Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		live:      live,
	}
}

// showAll switches the help between the bar and the full table, and the
// ? binding's label with it.
func (k *keyMap) showAll(all bool) {
	if all {
		k.Help.SetHelp("?", "fewer keys")
	} else {
		k.Help.SetHelp("?", "more")
	}
}

// ShortHelp is the one-line help bar.
func (k keyMap) ShortHelp() []key.Binding {
	if k.live {
		return []key.Binding{k.Refresh, k.Blacklist, k.Verify, k.Me, k.NextPanel, k.Help, k.Quit}
	}
	return []key.Binding{k.Down, k.Full, k.Edit, k.Resign, k.EnterKey, k.NextPanel, k.Help, k.Quit}
}

// FullHelp is shown after ?: three columns, which fit in 80 columns, q
// quit included; helpView regroups them into fewer, longer columns for a
// narrower window. Every key that works in the mode is listed.
func (k keyMap) FullHelp() [][]key.Binding {
	if k.live {
		return [][]key.Binding{
			{k.Up, k.Down, k.Full, k.NextPanel, k.PrevPanel, k.Copy, k.Open, k.Back},
			{k.PageUp, k.PageDn, k.Top, k.Bottom, k.Segment, k.EnterKey, k.Edit, k.Resign},
			{k.Refresh, k.Blacklist, k.Verify, k.Me, k.Switch, k.Login, k.Help, k.Quit},
		}
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.Full, k.NextPanel, k.PrevPanel, k.Copy},
		{k.PageUp, k.PageDn, k.Top, k.Bottom, k.Segment, k.Open},
		{k.Edit, k.Resign, k.EnterKey, k.Paste, k.Back, k.Help, k.Quit},
	}
}

// helpView is the help for the window's width: the bar, on as many rows
// as it takes, or after ? the full table in as many columns as fit.
// Nothing is cut, so every key stays listed in a narrow window.
func (m Model) helpView() string {
	h := m.help
	h.Width = 0 // no cutting: the rows and columns are fitted here
	if !h.ShowAll {
		var rows []string
		var row []key.Binding
		for _, b := range m.keys.ShortHelp() {
			if len(row) > 0 && lipgloss.Width(h.ShortHelpView(append(row[:len(row):len(row)], b))) > m.width {
				rows, row = append(rows, h.ShortHelpView(row)), nil
			}
			row = append(row, b)
		}
		return strings.Join(append(rows, h.ShortHelpView(row)), "\n")
	}
	groups := m.keys.FullHelp()
	var all []key.Binding
	for _, g := range groups {
		all = append(all, g...)
	}
	for cols := len(groups) - 1; cols > 0 && lipgloss.Width(h.FullHelpView(groups)) > m.width; cols-- {
		per := (len(all) + cols - 1) / cols
		groups = nil
		for i := 0; i < len(all); i += per {
			groups = append(groups, all[i:min(i+per, len(all))])
		}
	}
	return h.FullHelpView(groups)
}
