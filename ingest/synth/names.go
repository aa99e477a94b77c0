package synth

// Invented reference lists for names and places. Patient and practitioner names are drawn
// from common US given and family names; none of the combinations stands for a real person.

var givenFemale = []string{
	"Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah",
	"Karen", "Lisa", "Nancy", "Betty", "Sandra", "Margaret", "Ashley", "Kimberly", "Emily",
	"Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca",
	"Sharon", "Laura", "Cynthia", "Dorothy", "Amy", "Angela", "Maria", "Rosa", "Mei", "Aisha",
	"Priya", "Sofia", "Olivia", "Emma", "Ava", "Isabella", "Mia", "Harper", "Camila", "Nia",
}

var givenMale = []string{
	"James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas",
	"Christopher", "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven",
	"Andrew", "Paul", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald",
	"Jason", "Edward", "Jeffrey", "Ryan", "Jacob", "Gary", "Luis", "Carlos", "Wei", "Omar",
	"Raj", "Mateo", "Liam", "Noah", "Elijah", "Lucas", "Ethan", "Darnell", "Hiroshi", "Ivan",
}

var familyNames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
	"Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
	"Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
	"Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
	"Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
	"Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Chen", "Patel", "Kim", "Okafor",
	"Kowalski", "Novak", "Schmidt", "O'Brien", "Murphy", "Cohen", "Singh", "Tanaka", "Yazzie",
}

var streetNames = []string{
	"Maple", "Oak", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Main",
	"Walnut", "Chestnut", "Spruce", "Willow", "Ridge", "River", "Sunset", "Highland", "Meadow",
	"Forest", "Church", "Mill", "Spring", "Center", "Jefferson", "Lincoln", "Franklin", "Union",
}

var streetSuffixes = []string{"St", "Ave", "Rd", "Ln", "Dr", "Ct", "Blvd", "Way", "Pl"}

// region is a state the synthetic network operates in, with a few of its cities, the first
// three digits of its ZIP codes and an area code.
type region struct {
	state    string
	zip3     []string
	area     string
	cities   []string
	orgNames []string
}

var regions = []region{
	{"MA", []string{"021", "018", "010"}, "617", []string{"Boston", "Worcester", "Springfield", "Lowell", "Cambridge"},
		[]string{"Riverbend Family Medicine", "Harborview Community Health"}},
	{"OH", []string{"432", "441", "452"}, "614", []string{"Columbus", "Cleveland", "Cincinnati", "Dayton", "Toledo"},
		[]string{"Cedar Valley Health Partners", "Buckeye Primary Care Group"}},
	{"TX", []string{"770", "752", "787"}, "512", []string{"Houston", "Dallas", "Austin", "San Antonio", "El Paso"},
		[]string{"Lone Prairie Medical Associates", "Gulf Coast Internal Medicine"}},
	{"GA", []string{"303", "314", "312"}, "404", []string{"Atlanta", "Savannah", "Macon", "Augusta", "Athens"},
		[]string{"Peachtree Community Clinic", "Magnolia Health Network"}},
	{"AZ", []string{"850", "857", "860"}, "602", []string{"Phoenix", "Tucson", "Mesa", "Flagstaff", "Yuma"},
		[]string{"Desert Sky Primary Care", "Saguaro Family Health Center"}},
	{"MN", []string{"554", "551", "559"}, "612", []string{"Minneapolis", "Saint Paul", "Rochester", "Duluth", "Bloomington"},
		[]string{"Northern Lakes Physicians", "Prairie Pines Medical Group"}},
	{"WA", []string{"981", "992", "984"}, "206", []string{"Seattle", "Spokane", "Tacoma", "Vancouver", "Bellevue"},
		[]string{"Evergreen Sound Health", "Cascade View Internal Medicine"}},
	{"NC", []string{"276", "282", "274"}, "919", []string{"Raleigh", "Charlotte", "Greensboro", "Durham", "Asheville"},
		[]string{"Blue Ridge Family Practice", "Piedmont Neighborhood Health"}},
}

// race and ethnicity: US Core OMB categories (urn:oid:2.16.840.1.113883.6.238) with
// approximate US shares; the null-flavor row stands for "not reported".
type weighted struct {
	code, display string
	weight        float64
}

const (
	systemOMB        = "urn:oid:2.16.840.1.113883.6.238"
	systemNullFlavor = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor"
)

var races = []weighted{
	{"2106-3", "White", 0.60},
	{"2054-5", "Black or African American", 0.13},
	{"2028-9", "Asian", 0.06},
	{"1002-5", "American Indian or Alaska Native", 0.012},
	{"2076-8", "Native Hawaiian or Other Pacific Islander", 0.005},
	{"UNK", "Unknown", 0.193},
}

var ethnicities = []weighted{
	{"2135-2", "Hispanic or Latino", 0.19},
	{"2186-5", "Not Hispanic or Latino", 0.77},
	{"UNK", "Unknown", 0.04},
}

// payer is a Source of Payment Typology code (PHDSC, public) with the synthetic payer
// Organization that stands for it.
type payer struct {
	code, display string
	orgID, name   string
}

var payers = []payer{
	{"1", "MEDICARE", "payer-medicare", "Medicare (synthetic payer)"},
	{"2", "MEDICAID", "payer-medicaid", "State Medicaid Program (synthetic payer)"},
	{"5", "PRIVATE HEALTH INSURANCE", "payer-private", "Northstar Health Plan (synthetic payer)"},
	{"81", "Self-pay", "", ""},
}

const (
	payerMedicare = iota
	payerMedicaid
	payerPrivate
	payerSelf
)
