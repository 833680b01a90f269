import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { useErrorText } from './labels';

/**
 * One action of a page's buttons: busy while it runs, then the page's queries refetched and a short
 * message (none when `done` is left out: a chat message sent is its own confirmation); a refusal is shown in the reader's language from its error code (not the raw message).
 */
export function useRun(queryKey: readonly unknown[]) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setBusy(true);
    try {
      await work();
      await queryClient.invalidateQueries({ queryKey });
      if (done) void message.success(done);
      return true;
    } catch (error) {
      void message.error(errorText(error));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
