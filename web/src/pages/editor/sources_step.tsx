/**
 * Step 3 of the add/edit wizard, "Source data": the server's folder tree with checkboxes and the chosen sources
 * (with a typed "Add path"), the ordered filter rules, the attribute and size exclusions, and a live preview of
 * what a backup would take. validateSources says exactly what blocks going on.
 * @module
 */
import { useState } from "preact/hooks";
import { FilterEditor, useFilterGroups } from "./filter_editor.tsx";
import { FilterPreview } from "./filter_preview.tsx";
import { ruleProblem } from "./filter_rules.ts";
import { FolderTree } from "./folder_tree.tsx";
import type { EditorModel, FieldErrors, StepProps } from "./model.ts";
import { SourcesExclusions } from "./sources_exclusions.tsx";
import { SourcesList } from "./sources_list.tsx";
import { isAbsoluteSource } from "./sources_paths.ts";
import { sizeProblem } from "./sources_size.ts";

/** Step 3: what to back up. */
export function SourcesStep(props: StepProps) {
  const { model, update, errors } = props;
  const groups = useFilterGroups();
  const [missing, setMissing] = useState<readonly string[]>([]);
  return (
    <div class="sources-step">
      <section class="sources-section" aria-labelledby="sources-pick-heading">
        <h3 id="sources-pick-heading">Folders and files</h3>
        <p class="hint">
          Tick what to back up. Everything inside a ticked folder is included; untick an entry inside it to leave that
          entry out (this adds an exclude rule).
        </p>
        <div class="sources-pick">
          <FolderTree
            selection={{ sources: model.sources, filters: model.filters }}
            hiddenExcluded={model.excludeAttributes.some((a) => a.toLowerCase() === "hidden")}
            onChange={(patch) => update({ sources: [...patch.sources], filters: [...patch.filters] })}
          />
          <SourcesList
            sources={model.sources}
            missing={missing}
            error={errors.sources}
            onChange={(sources) => update({ sources })}
          />
        </div>
      </section>
      <section class="sources-section" aria-labelledby="sources-filters-heading">
        <h3 id="sources-filters-heading">Filters</h3>
        <p class="hint">
          Rules apply in order, and the first rule that matches a path decides; a path no rule matches is backed up
          (unless every rule is an Include rule). An excluded folder is not looked into. Patterns match the whole path:
          in a glob, * is any run of characters (across folders too) and ? one character; folders end with /.
        </p>
        <FilterEditor
          rules={model.filters}
          errors={errors}
          groups={groups}
          onChange={(filters) => update({ filters })}
        />
      </section>
      <section class="sources-section" aria-labelledby="sources-exclusions-heading">
        <h3 id="sources-exclusions-heading">Exclusions</h3>
        <SourcesExclusions
          attributes={model.excludeAttributes}
          maxSize={model.skipFilesLargerThan}
          error={errors.skipFilesLargerThan}
          onAttributes={(excludeAttributes) => update({ excludeAttributes })}
          onMaxSize={(skipFilesLargerThan) => update({ skipFilesLargerThan })}
        />
      </section>
      <section class="sources-section" aria-labelledby="sources-preview-heading">
        <h3 id="sources-preview-heading">Preview</h3>
        <FilterPreview model={model} onMissing={setMissing} />
      </section>
    </div>
  );
}

/** What is wrong with the sources step: "sources", "filters.<index>" and "skipFilesLargerThan". */
export function validateSources(model: EditorModel): FieldErrors {
  const errors: Record<string, string> = {};
  if (model.sources.length === 0) {
    errors.sources = "Choose at least one folder or file to back up: tick it in the tree or type its path.";
  } else {
    const bad = model.sources.find((source) => !isAbsoluteSource(source));
    if (bad !== undefined) {
      errors.sources = `"${bad}" is not a full path: remove it and add the full path (starting with / or a drive).`;
    }
  }
  model.filters.forEach((rule, i) => {
    const problem = ruleProblem(rule, i);
    if (problem !== undefined) errors[`filters.${i}`] = problem;
  });
  const size = sizeProblem(model.skipFilesLargerThan);
  if (size !== undefined) errors.skipFilesLargerThan = size;
  return errors;
}
