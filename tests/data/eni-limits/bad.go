var Limits = map[string]*VPCLimits{
	"xx1.large": {
		IPv4PerInterface:        10,
	},
}
