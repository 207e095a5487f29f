-- What a federation was trained on and what it refused is evidence: accepted updates (their hashes
-- make up the final model's transcript), secure-aggregation messages, global models and refusals
-- are never changed or deleted once written.
CREATE FUNCTION federation_records_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER round_updates_append_only BEFORE UPDATE OR DELETE ON round_updates
    FOR EACH ROW EXECUTE FUNCTION federation_records_append_only();
CREATE TRIGGER update_refusals_append_only BEFORE UPDATE OR DELETE ON update_refusals
    FOR EACH ROW EXECUTE FUNCTION federation_records_append_only();
CREATE TRIGGER secagg_messages_append_only BEFORE UPDATE OR DELETE ON secagg_messages
    FOR EACH ROW EXECUTE FUNCTION federation_records_append_only();
CREATE TRIGGER global_models_append_only BEFORE UPDATE OR DELETE ON global_models
    FOR EACH ROW EXECUTE FUNCTION federation_records_append_only();
