-- measures.shared__status_rule: the status rules of the Status library, as data.
-- Grain: rule x status.
-- Implements Status 1.8.000 fluent functions (isEncounterPerformed, isLaboratoryTestPerformed,
-- ...) and QICoreCommon/ControllingHighBloodPressure's isObservationBP. Category and intent
-- conditions are applied where the rule is used (the category codes are ref.concept rows).
with rules (rule, status) as (
    values
        -- isEncounterPerformed
        ('encounter_performed', 'finished'),
        ('encounter_performed', 'arrived'),
        ('encounter_performed', 'triaged'),
        ('encounter_performed', 'in-progress'),
        ('encounter_performed', 'onleave'),
        -- isLaboratoryTestPerformed (and category laboratory)
        ('laboratory_test_performed', 'final'),
        ('laboratory_test_performed', 'amended'),
        ('laboratory_test_performed', 'corrected'),
        -- isAssessmentPerformed (and category survey)
        ('assessment_performed', 'final'),
        ('assessment_performed', 'amended'),
        ('assessment_performed', 'corrected'),
        -- isDiagnosticStudyPerformed
        ('diagnostic_study_performed', 'final'),
        ('diagnostic_study_performed', 'amended'),
        ('diagnostic_study_performed', 'corrected'),
        -- isObservationBP
        ('observation_bp', 'final'),
        ('observation_bp', 'amended'),
        ('observation_bp', 'corrected'),
        -- isSymptom
        ('symptom', 'preliminary'),
        ('symptom', 'final'),
        ('symptom', 'amended'),
        ('symptom', 'corrected'),
        -- isInterventionPerformed, isProcedurePerformed
        ('procedure_performed', 'completed'),
        -- isInterventionOrder, isDeviceOrder (and intent order)
        ('order', 'active'),
        ('order', 'completed'),
        -- isMedicationActive (and intent order)
        ('medication_active', 'active'),
        -- isPhysicalExamPerformed (and category exam)
        ('physical_exam_performed', 'final'),
        ('physical_exam_performed', 'amended'),
        ('physical_exam_performed', 'corrected'),
        -- isImmunizationAdministered
        ('immunization_administered', 'completed')
)

select
    rule,
    status
from rules
