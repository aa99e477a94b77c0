-- gaps.care_gap: placeholder replaced by the care-gap model.
select 1 as placeholder
