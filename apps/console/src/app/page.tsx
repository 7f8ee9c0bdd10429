// The console opens on the jobs list.
import { redirect } from 'next/navigation';

export default function Home() {
  redirect('/jobs');
}
