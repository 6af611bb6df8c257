// @ts-check
/**
 * The project's typedoc plugin (typedoc.json `plugin`):
 * - files every export under its category from api-surface.json (the list the exports test
 *   checks), so that a name's category is chosen where the name is listed, and a name missing
 *   there is a warning (an error: the docs build treats warnings as errors);
 * - empties the `XcomPoints` interface, whose 1,307 members made a 3 MB page, and points it
 *   and `XcomP` to the catalogue's tables (the documents written by catalogue-pages.ts).
 */
import { readFileSync } from 'node:fs';
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  /** @type {Record<string, Record<string, string[]>>} */
  const surface = JSON.parse(readFileSync(new URL('../../api-surface.json', import.meta.url), 'utf8'));

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const points = context.project.getChildByName(['xcom-ts', 'XcomPoints']);
    if (points === undefined) {
      app.logger.warn('typedoc-plugin: xcom-ts.XcomPoints not found');
      return;
    }
    for (const member of [...(points.isDeclaration() ? (points.children ?? []) : [])]) context.project.removeReflection(member);
  });

  // Before typedoc's CategoryPlugin (priority -200) reads the tags.
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const project = context.project;
      for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
        const categories = surface[module.name];
        if (categories === undefined) {
          app.logger.warn(`typedoc-plugin: module ${module.name} is not in api-surface.json`);
          continue;
        }
        /** @type {Map<string, string>} */
        const categoryOf = new Map();
        for (const [category, names] of Object.entries(categories)) {
          for (const name of names) categoryOf.set(name.replace(/^type /, ''), category);
        }
        for (const child of module.children ?? []) {
          const category = categoryOf.get(child.name);
          if (category === undefined) {
            app.logger.warn(`typedoc-plugin: ${module.name}.${child.name} has no category in api-surface.json`);
            continue;
          }
          const comment = child.comment ?? child.signatures?.[0]?.comment ?? (child.comment = new Comment());
          comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: category }]));
        }
      }

      const overview = project.documents?.find((d) => d.name === 'Datapoints');
      if (overview === undefined) {
        app.logger.warn('typedoc-plugin: the document "Datapoints" is missing (run scripts/docs/catalogue-pages.ts first)');
        return;
      }
      for (const name of ['XcomPoints', 'XcomP']) {
        const reflection = project.getChildByName(['xcom-ts', name]);
        if (reflection?.comment === undefined) continue;
        reflection.comment.summary.push(
          { kind: 'text', text: '\n\nEvery name, with its number, format, unit, range and labels, family by family: ' },
          { kind: 'inline-tag', tag: '@link', text: 'the catalogue tables', target: overview },
          { kind: 'text', text: '.' },
        );
      }
    },
    100,
  );
}
