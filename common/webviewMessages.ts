// Messages between the profiler webview (media/profile.js) and the extension.
import type { Profile, RunSummary } from '../client/src/runs/events';

export type ProfileMessageToPanel = {
  readonly type: 'profile';
  readonly commandLine: string;
  readonly summary: RunSummary;
  readonly profile: Profile;
  /** The previous run of the same command, to show which nodes got slower. */
  readonly previous?: { readonly started: number; readonly profile: Profile };
};

export type ProfileMessageFromPanel = { readonly type: 'ready' } | { readonly type: 'reveal'; readonly node: string };
