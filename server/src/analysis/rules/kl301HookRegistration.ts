import type { Rule } from '../rule';

/** `HOOKS = (MyHooks,)`: a class where Kedro needs an instance. */
export const hookRegistration: Rule = {
  code: 'KL301',
  name: 'hook-not-instance',
  defaultSeverity: 'error',
  summary: "A hook class registered in settings 'HOOKS' without '()'.",
  docs: {
    why: `\`HOOKS\` takes hook *instances*. A class fails at session creation: "KedroSession expects hooks to be registered
as instances. Have you forgotten the \`()\` when registering a hook class?"`,
    bad: { lang: 'python', file: 'settings.py', code: 'from .hooks import MLflowHooks\n\nHOOKS = (MLflowHooks,)' },
    good: { lang: 'python', file: 'settings.py', code: 'from .hooks import MLflowHooks\n\nHOOKS = (MLflowHooks(),)' },
  },
  check(model, report) {
    for (const h of model.settings.hooks) {
      if (h.isClass) report(h.loc, `'${h.text}' is a class; register an instance: ${h.text}().`, { data: { replacement: `${h.text}()` } });
    }
  },
};
