package bot

import "testing"

// A count is not answered by a length of time ("four years of war") unless
// time is what it counts, and a death toll only by a count of the dead.
func TestCountNotDuration(t *testing.T) {
	checkSentenceAnswers(t, []sentenceCase{
		{"what is the death toll of the war?", "After nearly four years of war, the allies met in Paris.", false},
		{"what is the death toll of the war?", "More than two dozen nations said the war must end.", false},
		{"what is the death toll of the war?", "The war has killed more than 10,000 civilians.", true},
		{"what is the death toll of the war?", "Some 10,000 people have been killed since 2022.", true},
		{"how many years has the war lasted?", "After nearly four years of war, the allies met in Paris.", true},
		{"how many days did the war last?", "After nearly four years of war, the allies met in Paris.", false},
		{"how many troops could join the war effort?", "After nearly four years of war, 30,000 troops could join.", true},
	})
}
