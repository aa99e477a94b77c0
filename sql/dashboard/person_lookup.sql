-- person_lookup: one person, found by person id, with attribution and risk, and whether
-- the account's scope may see them: a care coordinator sees a person attributed to one of
-- their providers (or reported by one, when attributed to nobody) or holding a record there.
-- Grain: zero or one row. Parameters: scope x3 ('*' = all), person id (the dashboard maps the
-- opaque id of the URL to it in memory: opaque_lookup.go).
select
    p.person_id,
    p.primary_provider,
    p.primary_patient_id,
    p.record_count,
    p.birth_date,
    p.gender,
    p.deceased,
    att.attributed_provider,
    att.attributed_practitioner,
    att.explanation as attribution_explanation,
    rk.risk_tier,
    rk.risk_score,
    rk.risk_explanation,
    (
        ? = '*'
        or list_contains(string_split(?, ','), coalesce(att.attributed_provider, p.primary_provider))
        or exists (
            select 1
            from core.person_record as pr
            where pr.person_id = p.person_id
                and list_contains(string_split(?, ','), pr.provider)
        )
    ) as is_in_scope
from core.person as p
left join registries.attribution as att
    on att.person_id = p.person_id
left join registries.risk as rk
    on rk.person_id = p.person_id
where p.person_id = ?
