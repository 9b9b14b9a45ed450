package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// keyMap lists every binding; it implements help.KeyMap so the help bar
// always matches what the keys do.
type keyMap struct {
	Up, Down       key.Binding // select a header parameter or claim
	NextPanel      key.Binding
	PrevPanel      key.Binding
	Segment        key.Binding // byte view: next segment
	PageUp, PageDn key.Binding // byte view: scroll
	EnterKey       key.Binding
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

func newKeyMap(live bool) keyMap {
	return keyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "prev field")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next field")),
		NextPanel: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next panel")),
		PrevPanel: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev panel")),
		Segment:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "byte view: next segment")),
		PageUp:    key.NewBinding(key.WithKeys("pgup", "u"), key.WithHelp("pgup/u", "scroll up")),
		PageDn:    key.NewBinding(key.WithKeys("pgdown", "d"), key.WithHelp("pgdn/d", "scroll down")),
		EnterKey:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "enter key")),
		Paste:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "paste token")),
		Login:     key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "log in again")),
		Switch:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "access/refresh token")),
		Refresh:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Blacklist: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "blacklist refresh")),
		Verify:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "verify on server")),
		Me:        key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "GET /api/me/")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		live:      live,
	}
}

// ShortHelp is the one-line help bar.
func (k keyMap) ShortHelp() []key.Binding {
	if k.live {
		return []key.Binding{k.Refresh, k.Blacklist, k.Verify, k.Me, k.NextPanel, k.Help, k.Quit}
	}
	return []key.Binding{k.Down, k.NextPanel, k.EnterKey, k.Paste, k.Help, k.Quit}
}

// FullHelp is shown after ?.
func (k keyMap) FullHelp() [][]key.Binding {
	groups := [][]key.Binding{
		{k.Up, k.Down, k.NextPanel, k.PrevPanel},
		{k.Segment, k.PageUp, k.PageDn},
	}
	if k.live {
		groups = append(groups, []key.Binding{k.Refresh, k.Blacklist, k.Verify, k.Me}, []key.Binding{k.Switch, k.EnterKey, k.Login, k.Help, k.Quit})
	} else {
		groups = append(groups, []key.Binding{k.EnterKey, k.Paste, k.Help, k.Quit})
	}
	return groups
}
