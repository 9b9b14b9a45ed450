package lessons

import loadtest "jwtlab/lessons/14-loadtesting"

var lesson14 = spec{
	number: 14, slug: "14-loadtesting", title: "Load testing honestly",
	summary: "open vs closed loop, coordinated omission, percentiles, reading a vegeta report, which side is the bottleneck",
	steps: []stepSpec{
		{section: "A closed loop hides the stall", decls: []string{"Stalling", "ClosedLoop"}, run: loadtest.StepClosedLoop},
		{section: "An open loop sees it", decls: []string{"OpenLoop"}, run: loadtest.StepOpenLoop},
		{section: "Coordinated omission", decls: []string{"Sample.Corrected", "PacedClosedLoop"}, run: loadtest.StepPacedClosedLoop},
		{section: "Read percentiles, not the mean", decls: []string{"Summarize"}, run: loadtest.StepSummarize},
		{section: "Reading a vegeta report", decls: []string{"Report"}, run: loadtest.StepReport},
		{section: "Which side is the bottleneck", decls: []string{"Cores", "Cores.ClosedLoop"}, run: loadtest.StepBottleneck},
	},
}
