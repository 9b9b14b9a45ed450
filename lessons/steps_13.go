package lessons

import production "jwtlab/lessons/13-production"

var lesson13 = spec{
	number: 13, slug: "13-production", title: "The production server",
	summary: "timeouts and a slowloris demonstration, header limits, graceful shutdown, why nginx sits in front",
	steps: []stepSpec{
		{section: "Two profiles, one server", decls: []string{"Start"}, run: production.StepStart},
		{section: "Slowloris: holding connections with a trickle", decls: []string{"Slowloris"}, run: production.StepSlowloris},
		{section: "Limits on what a request may carry", decls: []string{"HeaderOfSize"}, run: production.StepHeaderOfSize},
		{section: "Graceful shutdown", decls: []string{"Running.Stop", "LoginDuringShutdown"}, run: production.StepLoginDuringShutdown},
		{section: "Why nginx sits in front", decls: []string{"NginxDirectives"}, run: production.StepNginxDirectives},
	},
}
