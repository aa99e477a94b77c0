-- 0020: the canonical URL of each measure, as a MeasureReport names it (Measure.url; the
-- report carries url|version, the version from measures.catalog).
--
-- A table beside measures.catalog rather than a new catalog column: measure migrations insert
-- catalog rows positionally (`insert into measures.catalog values (...)`), and a column added
-- here would break every such insert that runs after this migration. One row per measure, not
-- per group. A measure without a row here is named
-- 'https://madie.cms.gov/Measure/' || measures.catalog.library (the MADiE convention every
-- measure of the library follows); readers apply that default.
create table measures.catalog_canonical (
    measure        varchar primary key,   -- CMS122
    url            varchar not null       -- Measure.url
);

-- Measure.url of the eleven measures of the library (../shared/ecqm/<CMS>/manifest.json).
insert into measures.catalog_canonical (measure, url) values
    ('CMS2',   'https://madie.cms.gov/Measure/PCSDepressionScreenAndFollowUpFHIR'),
    ('CMS69',  'https://madie.cms.gov/Measure/PCSBMIScreenAndFollowUpFHIR'),
    ('CMS117', 'https://madie.cms.gov/Measure/ChildhoodImmunizationStatusFHIR'),
    ('CMS122', 'https://madie.cms.gov/Measure/DiabetesGlycemicStatusAssessmentGreaterThan9PercentFHIR'),
    ('CMS124', 'https://madie.cms.gov/Measure/CervicalCancerScreeningFHIR'),
    ('CMS125', 'https://madie.cms.gov/Measure/BreastCancerScreeningFHIR'),
    ('CMS130', 'https://madie.cms.gov/Measure/ColonCancerScreeningFHIR'),
    ('CMS131', 'https://madie.cms.gov/Measure/DiabetesEyeExamFHIR'),
    ('CMS138', 'https://madie.cms.gov/Measure/PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR'),
    ('CMS165', 'https://madie.cms.gov/Measure/ControllingHighBloodPressureFHIR'),
    ('CMS347', 'https://madie.cms.gov/Measure/StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR');
