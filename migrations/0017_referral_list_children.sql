-- Referral lists name the children in each referral, as a single referral does, so that a queue shows who it is about.

-- The list itself is unchanged: it moves to fgc and the API function decorates its page.
ALTER FUNCTION api.referral_list(jsonb, jsonb) SET SCHEMA fgc;
ALTER FUNCTION fgc.referral_list(jsonb, jsonb) RENAME TO referral_list_page;

-- The children of a referral as the caller may see them: names only for those who may see
-- names and the child, the primary child first.
CREATE FUNCTION fgc.referral_children_json(ctx jsonb, referral_id bigint, primary_child bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN (SELECT jsonb_agg(
                CASE WHEN fgc.child_visible(ctx, c.id)
                     THEN jsonb_build_object('id', c.id, 'primary', c.id = primary_child,
                                             'first_name', c.first_name, 'last_name', c.last_name,
                                             'date_of_birth', c.date_of_birth)
                          - CASE WHEN fgc.hides_names(ctx) THEN ARRAY['first_name', 'last_name']
                                 ELSE ARRAY[]::text[] END
                     ELSE jsonb_build_object('id', c.id, 'primary', c.id = primary_child)
                END ORDER BY c.id = primary_child DESC, c.id)
              FROM fgc.referral_children rc
              JOIN fgc.children c ON c.id = rc.child_id
             WHERE rc.referral_id = referral_children_json.referral_id);
END
$$;

CREATE FUNCTION api.referral_list(ctx jsonb, args jsonb)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_result jsonb := fgc.referral_list_page(ctx, args);
    v_items jsonb;
BEGIN
    SELECT jsonb_agg(i.item || jsonb_build_object(
                         'children', fgc.referral_children_json(ctx, (i.item->>'id')::bigint,
                                                                (i.item->>'child_id')::bigint))
                     ORDER BY i.n)
      INTO v_items
      FROM jsonb_array_elements(v_result->'body'->'items') WITH ORDINALITY AS i(item, n);
    RETURN jsonb_set(v_result, '{body,items}', COALESCE(v_items, '[]'::jsonb));
END
$$;
