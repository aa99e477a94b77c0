package ingest

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Column types, as the warehouse maps them: string->VARCHAR, timestamp[us]->TIMESTAMP,
// date32->DATE, float64->DOUBLE, int64->BIGINT, int32->INTEGER, bool->BOOLEAN.
var (
	tString = arrow.BinaryTypes.String
	tTime   = &arrow.TimestampType{Unit: arrow.Microsecond}
	tDate   = arrow.FixedWidthTypes.Date32
	tFloat  = arrow.PrimitiveTypes.Float64
	tInt64  = arrow.PrimitiveTypes.Int64
	tInt32  = arrow.PrimitiveTypes.Int32
	tBool   = arrow.FixedWidthTypes.Boolean
)

type col struct {
	name string
	typ  arrow.DataType
}

// tableColumns lists, per warehouse table, the columns ingest fills (names as in
// sql/schema/0003_raw_core.sql; the warehouse adds provider, file_id and batch_id).
var tableColumns = map[string][]col{
	"raw.resource": {{"line", tInt64}, {"resource_type", tString}, {"id", tString},
		{"patient_id", tString}, {"last_updated", tTime}, {"resource", tString}},
	"core.coding": {{"resource_type", tString}, {"id", tString}, {"element", tString},
		{"seq", tInt32}, {"system", tString}, {"code", tString}, {"display", tString}},
	"core.patient": {{"id", tString}, {"last_updated", tTime}, {"active", tBool},
		{"gender", tString}, {"birth_date", tDate}, {"deceased", tBool}, {"deceased_at", tTime},
		{"state", tString}, {"zip3", tString}, {"race_code", tString}, {"race_display", tString},
		{"ethnicity_code", tString}, {"ethnicity_display", tString}, {"linkage_token", tString},
		{"general_practitioner_id", tString}, {"managing_organization_id", tString}},
	"core.encounter": {{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
		{"status", tString}, {"class_system", tString}, {"class_code", tString},
		{"period_start", tTime}, {"period_end", tTime}, {"length_minutes", tFloat},
		{"service_provider_id", tString}, {"practitioner_id", tString}, {"location_id", tString}},
	"core.condition": {{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
		{"clinical_status", tString}, {"verification_status", tString},
		{"onset_start", tTime}, {"onset_end", tTime}, {"onset_age_low", tFloat}, {"onset_age_high", tFloat},
		{"abatement_start", tTime}, {"abatement_end", tTime}, {"abatement_age_low", tFloat},
		{"abatement_age_high", tFloat}, {"recorded_date", tTime}, {"encounter_id", tString}},
	"core.observation": {{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
		{"status", tString}, {"effective_start", tTime}, {"effective_end", tTime}, {"issued", tTime},
		{"value_type", tString}, {"value_quantity", tFloat}, {"value_unit", tString},
		{"value_high", tFloat}, {"value_string", tString}, {"value_boolean", tBool},
		{"value_datetime", tTime}, {"value_datetime_end", tTime}, {"data_absent_reason", tString},
		{"encounter_id", tString}, {"has_member", tBool}, {"not_done", tBool}},
	"core.observation_component": {{"id", tString}, {"seq", tInt32}, {"value_type", tString},
		{"value_quantity", tFloat}, {"value_unit", tString}, {"value_high", tFloat},
		{"value_string", tString}, {"value_boolean", tBool}, {"value_datetime", tTime},
		{"data_absent_reason", tString}},
	"core.procedure": {{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
		{"status", tString}, {"performed_start", tTime}, {"performed_end", tTime},
		{"encounter_id", tString}, {"practitioner_id", tString}},
	"core.medication_request": {{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
		{"status", tString}, {"intent", tString}, {"do_not_perform", tBool}, {"authored_on", tTime},
		{"medication_id", tString}, {"encounter_id", tString}, {"requester_id", tString},
		{"dosage_count", tInt32}, {"bounds_start", tTime}, {"bounds_end", tTime},
		{"frequency", tInt32}, {"frequency_max", tInt32}, {"period", tFloat}, {"period_unit", tString},
		{"time_of_day_count", tInt32}, {"dose_value", tFloat}, {"dose_unit", tString},
		{"as_needed", tBool}, {"supply_duration_value", tFloat}, {"supply_duration_unit", tString},
		{"dispense_quantity", tFloat}, {"refills", tInt32}, {"validity_start", tTime},
		{"validity_end", tTime}},
	"core.medication": {{"id", tString}, {"last_updated", tTime}, {"status", tString}},
	"core.immunization": {{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
		{"status", tString}, {"occurrence_at", tTime}, {"recorded_at", tTime}, {"encounter_id", tString}},
	"core.service_request": requestColumns,
	"core.device_request":  requestColumns,
	"core.coverage": {{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
		{"status", tString}, {"period_start", tTime}, {"period_end", tTime}, {"payor_id", tString}},
	"core.allergy_intolerance": {{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
		{"clinical_status", tString}, {"verification_status", tString}, {"onset_start", tTime},
		{"onset_end", tTime}, {"recorded_date", tTime}},
	"core.adverse_event": {{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
		{"actuality", tString}, {"event_at", tTime}, {"recorded_at", tTime}},
	"core.organization": {{"id", tString}, {"last_updated", tTime}, {"active", tBool},
		{"name", tString}, {"state", tString}},
	"core.practitioner": {{"id", tString}, {"last_updated", tTime}, {"active", tBool},
		{"name", tString}, {"npi", tString}},
}

var requestColumns = []col{{"id", tString}, {"patient_id", tString}, {"last_updated", tTime},
	{"status", tString}, {"intent", tString}, {"do_not_perform", tBool}, {"authored_on", tTime},
	{"occurrence_start", tTime}, {"occurrence_end", tTime}, {"encounter_id", tString}}

// tableDef is a warehouse table's Arrow schema and column positions (read-only, shared by
// the parse workers).
type tableDef struct {
	name   string
	schema *arrow.Schema
	index  map[string]int
}

// tableDefs holds the definition of every table in tableColumns.
var tableDefs = func() map[string]*tableDef {
	defs := make(map[string]*tableDef, len(tableColumns))
	for name, cols := range tableColumns {
		fields := make([]arrow.Field, len(cols))
		index := make(map[string]int, len(cols))
		for i, c := range cols {
			fields[i] = arrow.Field{Name: c.name, Type: c.typ, Nullable: true}
			index[c.name] = i
		}
		defs[name] = &tableDef{name: name, schema: arrow.NewSchema(fields, nil), index: index}
	}
	return defs
}()

// table accumulates one warehouse table's rows in an Arrow RecordBuilder.
type table struct {
	*tableDef
	b    *array.RecordBuilder
	rows int
}

func newTable(def *tableDef) *table {
	return &table{tableDef: def, b: array.NewRecordBuilder(memory.DefaultAllocator, def.schema)}
}

// appendRow appends one row; vals are positional, nil is null. Values are string, float64,
// int32, int64, bool and time.Time (for timestamp and date columns).
func (t *table) appendRow(vals []any) {
	for i, v := range vals {
		fb := t.b.Field(i)
		if v == nil {
			fb.AppendNull()
			continue
		}
		switch b := fb.(type) {
		case *array.StringBuilder:
			b.Append(v.(string))
		case *array.TimestampBuilder:
			b.Append(arrow.Timestamp(v.(time.Time).UnixMicro()))
		case *array.Date32Builder:
			b.Append(arrow.Date32FromTime(v.(time.Time)))
		case *array.Float64Builder:
			b.Append(v.(float64))
		case *array.Int64Builder:
			b.Append(v.(int64))
		case *array.Int32Builder:
			b.Append(v.(int32))
		case *array.BooleanBuilder:
			b.Append(v.(bool))
		default:
			panic(fmt.Sprintf("ingest: column type %T of %s", fb, t.name))
		}
	}
	t.rows++
}

// take returns the rows built so far as a record batch and starts a new one. When next > 0
// the new one's buffers are sized for next rows like the batch taken (string data by its
// bytes per row, and an eighth more), so they are allocated once instead of grown by
// doubling and copying.
func (t *table) take(next int) arrow.RecordBatch {
	n := t.rows
	t.rows = 0
	rec := t.b.NewRecordBatch()
	if next > 0 && n > 0 {
		t.b.Reserve(next)
		for i, fb := range t.b.Fields() {
			if sb, ok := fb.(*array.StringBuilder); ok {
				perRow := len(rec.Column(i).(*array.String).ValueBytes()) / n
				sb.ReserveData(perRow * next * 9 / 8) // an eighth spare: no regrowth for a longer batch
			}
		}
	}
	return rec
}
