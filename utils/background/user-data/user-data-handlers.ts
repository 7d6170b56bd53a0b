/** The message handlers of user data: notes, corrections, own entities, export and import. */
import type { Handlers } from '../message-handlers';
import {
  DeleteNoteRequest,
  EntityIdRequest,
  ImportUserDataRequest,
  NumericIdRequest,
  OwnEntityInput,
  SaveNoteRequest,
} from '../../shared/protocol-schemas';
import type { KbDatabase } from '../db/kb-database';
import { deleteCorrection, listCorrections } from './corrections-list';
import { deleteNote, getNotes, saveNote } from './notes';
import { addOwnEntity, deleteOwnEntity, listOwnEntities } from './own-entities';
import { exportUserData, importUserData } from './user-data-file';

type UserDataHandlers = Pick<
  Handlers,
  | 'getNotes'
  | 'saveNote'
  | 'deleteNote'
  | 'listCorrections'
  | 'deleteCorrection'
  | 'addOwnEntity'
  | 'listOwnEntities'
  | 'deleteOwnEntity'
  | 'exportUserData'
  | 'importUserData'
>;

/** `onKbChanged` rebuilds the spotting and search indexes (own entities are in both). */
export function createUserDataHandlers({ db, onKbChanged }: { db: KbDatabase; onKbChanged: () => void }): UserDataHandlers {
  return {
    async getNotes(data) {
      return getNotes(db, EntityIdRequest.parse(data).entityId);
    },
    async saveNote(data) {
      return saveNote(db, SaveNoteRequest.parse(data));
    },
    async deleteNote(data) {
      await deleteNote(db, DeleteNoteRequest.parse(data).id);
    },
    async listCorrections() {
      return listCorrections(db);
    },
    async deleteCorrection(data) {
      await deleteCorrection(db, NumericIdRequest.parse(data).id);
    },
    async addOwnEntity(data) {
      const record = await addOwnEntity(db, OwnEntityInput.parse(data));
      onKbChanged();
      return record;
    },
    async listOwnEntities() {
      return listOwnEntities(db);
    },
    async deleteOwnEntity(data) {
      await deleteOwnEntity(db, EntityIdRequest.parse(data).entityId);
      onKbChanged();
    },
    async exportUserData() {
      return exportUserData(db);
    },
    async importUserData(data) {
      const report = await importUserData(db, ImportUserDataRequest.parse(data).text);
      if (report.added.ownEntities > 0) onKbChanged();
      return report;
    },
  };
}
