// Unit tests touch no database, but modules such as lib/crypto read the secrets.
import { useTestSecrets } from "./secrets.ts";

useTestSecrets();
