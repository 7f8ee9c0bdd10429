// Downloads a model's files (model.json and weight shards) from the API, which wants the bearer token.
import { useApi } from './api-context';

export const modelFileUrl = (apiUrl: string, modelId: string, file: string): string =>
  `${apiUrl}/models/${encodeURIComponent(modelId)}/${file.split('/').map(encodeURIComponent).join('/')}`;

/** Saves one file the browser fetched, under its own name. */
function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function useModelDownload(): (modelId: string) => Promise<void> {
  const { apiUrl, token, client } = useApi();
  return async (modelId) => {
    const model = await client.models.get.query({ id: modelId });
    for (const file of model.files) {
      const response = await fetch(modelFileUrl(apiUrl, modelId, file.path), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw new Error(`download of ${file.path} failed: HTTP ${response.status}`);
      saveBlob(await response.blob(), `${model.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-${file.path.replace(/\//g, '_')}`);
    }
  };
}
