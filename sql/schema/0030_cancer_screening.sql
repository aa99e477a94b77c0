-- 0030: the cancer screening measures CMS125 Breast Cancer Screening
-- (BreastCancerScreeningFHIR 0.0.001), CMS124 Cervical Cancer Screening
-- (CervicalCancerScreeningFHIR 0.0.001) and CMS130 Colorectal Cancer Screening
-- (ColonCancerScreeningFHIR 0.1.000): their catalog groups, their care-gap wording, and the
-- direct-reference codes their CQL declares that 0004 does not seed.
--
-- Each has one group with a denominator exclusion and no denominator exception. Higher is
-- better: the Measure resources' improvementNotation carries code 'decrease' with display
-- 'increase' (an authoring slip shared by every measure of the set); these measures count
-- people who were screened, so the catalog says increase.

insert into measures.catalog values
    ('CMS125', 0, 'Breast Cancer Screening',
     'BreastCancerScreeningFHIR', '0.0.001', 'increase', true, false, 0.80),
    ('CMS124', 0, 'Cervical Cancer Screening',
     'CervicalCancerScreeningFHIR', '0.0.001', 'increase', true, false, 0.75),
    ('CMS130', 0, 'Colorectal Cancer Screening',
     'ColonCancerScreeningFHIR', '0.1.000', 'increase', true, false, 0.80);

insert into ref.gap_wording values
    ('CMS125', 0, true, 'Last mammogram is before the screening window (October 1 two years before the period)', 'Order a screening mammogram'),
    ('CMS125', 0, false, 'No mammogram on record', 'Order a screening mammogram'),
    ('CMS124', 0, true, 'No cervical cytology in the last 3 years nor HPV test (age 30+) with a result in the last 5 years', 'Offer cervical cancer screening (cytology, or HPV testing from age 30)'),
    ('CMS124', 0, false, 'No cervical cytology or HPV test on record', 'Offer cervical cancer screening (cytology, or HPV testing from age 30)'),
    ('CMS130', 0, true, 'Last colorectal screening is outside its window or has no result', 'Offer colorectal cancer screening (FIT/FOBT, sDNA-FIT, CT colonography, sigmoidoscopy or colonoscopy)'),
    ('CMS130', 0, false, 'No colorectal cancer screening on record', 'Offer colorectal cancer screening (FIT/FOBT, sDNA-FIT, CT colonography, sigmoidoscopy or colonoscopy)');

-- insert or ignore: another measure's migration may seed the same laterality codes.
insert or ignore into ref.concept (concept, system, code, display) values
    ('Female', 'http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender', 'F', 'Female'),
    ('Left (qualifier value)', 'http://snomed.info/sct', '7771000', 'Left (qualifier value)'),
    ('Right (qualifier value)', 'http://snomed.info/sct', '24028007', 'Right (qualifier value)');
