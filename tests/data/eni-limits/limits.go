// A test input in the shape of pkg/aws/vpc/limits.go of
// aws/amazon-vpc-resource-controller-k8s: made-up types, figures chosen to
// exercise tools/eni-limits.sh (sorting, several network cards).

// This file was generated at 2026-01-02T03:04:05Z

package vpc

var Limits = map[string]*VPCLimits{
	"zz9.large": {
		Interface:               3,
		NetworkCards: []NetworkCard{
			{
				MaximumNetworkInterfaces: 3,
				NetworkCardIndex:         0,
			},
		},
	},
	"aa1.metal-48xl": {
		Interface:               30,
		NetworkCards: []NetworkCard{
			{
				MaximumNetworkInterfaces: 15,
				NetworkCardIndex:         0,
			},

			{
				MaximumNetworkInterfaces: 15,
				NetworkCardIndex:         1,
			},
		},
	},
	"aa1.metal": {
		Interface:               7,
		NetworkCards: []NetworkCard{
			{
				MaximumNetworkInterfaces: 7,
				NetworkCardIndex:         0,
			},
		},
	},
}
